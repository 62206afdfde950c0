package io.caveat.serve;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The most recent evaluations by id, oldest dropped first: memory stays bounded however long the service runs. */
final class EvaluationHistory {
    private final Map<String, EvaluationResponse> recent;

    EvaluationHistory(int capacity) {
        this.recent = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, EvaluationResponse> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized void add(EvaluationResponse response) {
        recent.put(response.id(), response);
    }

    synchronized Optional<EvaluationResponse> get(String id) {
        return Optional.ofNullable(recent.get(id));
    }
}
