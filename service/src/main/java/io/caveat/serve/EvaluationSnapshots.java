package io.caveat.serve;

import io.caveat.load.Snapshot;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The snapshots of the most recent evaluations, so that "why not" can be asked about one after its answer: far
 * fewer than the evaluations kept (facts cost more memory than their answer), dropped oldest first past a number
 * of them, of facts or of bytes in all (the posted body's size standing for the snapshot's).
 */
final class EvaluationSnapshots {
    /** An evaluation's snapshot and the knowledge base version it was evaluated with. */
    record Kept(Snapshot snapshot, String knowledgeBase, long bytes) {
    }

    /** What a fact of a snapshot that came without a body (a live collection) is taken to weigh. */
    static final long BYTES_PER_FACT = 512;
    private final int capacity;
    private final long maxFacts;
    private final long maxBytes;
    private final Map<String, Kept> recent = new LinkedHashMap<>();
    private long facts;
    private long bytes;

    EvaluationSnapshots(int capacity, long maxFacts, long maxBytes) {
        this.capacity = capacity;
        this.maxFacts = maxFacts;
        this.maxBytes = maxBytes;
    }

    /** @param bodyBytes the size of the body the snapshot was read from; 0 when it had none */
    synchronized void add(String id, Snapshot snapshot, String knowledgeBase, long bodyBytes) {
        long weight = Math.max(bodyBytes, snapshot.facts().size() * BYTES_PER_FACT);
        if (capacity == 0 || snapshot.facts().size() > maxFacts || weight > maxBytes) {
            return;
        }
        recent.put(id, new Kept(snapshot, knowledgeBase, weight));
        facts += snapshot.facts().size();
        bytes += weight;
        Iterator<Kept> oldest = recent.values().iterator();
        while (recent.size() > capacity || facts > maxFacts || bytes > maxBytes) {
            Kept dropped = oldest.next();
            facts -= dropped.snapshot().facts().size();
            bytes -= dropped.bytes();
            oldest.remove();
        }
    }

    /** Drops the snapshots of evaluations no longer kept, so that none outlives its answer. */
    synchronized void retainOnly(java.util.function.Predicate<String> kept) {
        Iterator<Map.Entry<String, Kept>> all = recent.entrySet().iterator();
        while (all.hasNext()) {
            Map.Entry<String, Kept> next = all.next();
            if (!kept.test(next.getKey())) {
                facts -= next.getValue().snapshot().facts().size();
                bytes -= next.getValue().bytes();
                all.remove();
            }
        }
    }

    synchronized Optional<Kept> get(String id) {
        return Optional.ofNullable(recent.get(id));
    }
}
