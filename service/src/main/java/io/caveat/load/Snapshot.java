package io.caveat.load;

import io.caveat.model.SnapshotSummary;
import java.util.List;
import java.util.Map;

/**
 * The facts read from one snapshot, ready to insert, and what was read.
 *
 * @param sources the Kubernetes objects read from files, by the subject they are in findings
 *                ({@code Service/shop/web}): where they are and their labels
 */
public record Snapshot(List<Object> facts, SnapshotSummary summary, Map<String, SourceObject> sources) {
    public Snapshot {
        facts = List.copyOf(facts);
        sources = Map.copyOf(sources);
    }

    public Snapshot(List<Object> facts, SnapshotSummary summary) {
        this(facts, summary, Map.of());
    }
}
