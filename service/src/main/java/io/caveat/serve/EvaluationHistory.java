package io.caveat.serve;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The most recent evaluations by id, as the JSON they were answered with and their summary; the oldest are
 * dropped once there are more than a number of them or more than a number of bytes, so memory stays bounded
 * however long the service runs and however big the snapshots.
 */
final class EvaluationHistory {
    private record Kept(byte[] json, EvaluationResponse.Summary summary) {
    }

    /** One page of the list, newest first; next is the cursor of the following page, null on the last. */
    record Page(List<EvaluationResponse.Summary> evaluations, String next) {
    }

    private final int capacity;
    private final long maxBytes;
    private final Map<String, Kept> recent = new LinkedHashMap<>();
    private long bytes;

    EvaluationHistory(int capacity, long maxBytes) {
        this.capacity = capacity;
        this.maxBytes = maxBytes;
    }

    synchronized void add(EvaluationResponse.Summary summary, byte[] json) {
        recent.put(summary.id(), new Kept(json, summary));
        bytes += json.length;
        Iterator<Kept> oldest = recent.values().iterator();
        while (recent.size() > 1 && (recent.size() > capacity || bytes > maxBytes)) {
            bytes -= oldest.next().json.length;
            oldest.remove();
        }
    }

    synchronized Optional<byte[]> get(String id) {
        return Optional.ofNullable(recent.get(id)).map(Kept::json);
    }

    /**
     * @param after the cursor: the id of the last evaluation of the previous page, null for the first page
     * @throws NotFound when the cursor names an evaluation no longer kept
     */
    synchronized Page page(String after, int limit) {
        List<EvaluationResponse.Summary> newestFirst = new ArrayList<>();
        recent.values().forEach(k -> newestFirst.add(0, k.summary));
        int from = 0;
        if (after != null) {
            from = -1;
            for (int i = 0; i < newestFirst.size(); i++) {
                if (newestFirst.get(i).id().equals(after)) {
                    from = i + 1;
                }
            }
            if (from < 0) {
                throw new NotFound("cursor " + after + " names no evaluation still kept; start again without it");
            }
        }
        List<EvaluationResponse.Summary> page = newestFirst.subList(from, Math.min(newestFirst.size(), from + limit));
        String next = from + limit < newestFirst.size() ? page.get(page.size() - 1).id() : null;
        return new Page(List.copyOf(page), next);
    }
}
