package io.caveat.serve;

import io.caveat.load.Snapshot;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The snapshots of the most recent evaluations, so that "why not" can be asked about one after its answer: far
 * fewer than the evaluations kept (facts cost more memory than their answer), dropped oldest first past a number
 * of them or of facts in all.
 */
final class EvaluationSnapshots {
    /** An evaluation's snapshot and the knowledge base version it was evaluated with. */
    record Kept(Snapshot snapshot, String knowledgeBase) {
    }

    private final int capacity;
    private final long maxFacts;
    private final Map<String, Kept> recent = new LinkedHashMap<>();
    private long facts;

    EvaluationSnapshots(int capacity, long maxFacts) {
        this.capacity = capacity;
        this.maxFacts = maxFacts;
    }

    synchronized void add(String id, Snapshot snapshot, String knowledgeBase) {
        if (capacity == 0 || snapshot.facts().size() > maxFacts) {
            return;
        }
        recent.put(id, new Kept(snapshot, knowledgeBase));
        facts += snapshot.facts().size();
        Iterator<Kept> oldest = recent.values().iterator();
        while (recent.size() > capacity || facts > maxFacts) {
            facts -= oldest.next().snapshot().facts().size();
            oldest.remove();
        }
    }

    synchronized Optional<Kept> get(String id) {
        return Optional.ofNullable(recent.get(id));
    }
}
