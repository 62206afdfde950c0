package io.caveat.serve;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The most recent evaluations by id, as the JSON they were answered with; the oldest are dropped once there are
 * more than a number of them or more than a number of bytes, so memory stays bounded however long the service
 * runs and however big the snapshots.
 */
final class EvaluationHistory {
    private final int capacity;
    private final long maxBytes;
    private final Map<String, byte[]> recent = new LinkedHashMap<>();
    private long bytes;

    EvaluationHistory(int capacity, long maxBytes) {
        this.capacity = capacity;
        this.maxBytes = maxBytes;
    }

    synchronized void add(String id, byte[] json) {
        recent.put(id, json);
        bytes += json.length;
        Iterator<byte[]> oldest = recent.values().iterator();
        while (recent.size() > 1 && (recent.size() > capacity || bytes > maxBytes)) {
            bytes -= oldest.next().length;
            oldest.remove();
        }
    }

    synchronized Optional<byte[]> get(String id) {
        return Optional.ofNullable(recent.get(id));
    }
}
