package io.caveat.load;

import io.caveat.model.SnapshotSummary;
import java.util.List;

/** The facts read from one snapshot, ready to insert, and what was read. */
public record Snapshot(List<Object> facts, SnapshotSummary summary) {
    public Snapshot {
        facts = List.copyOf(facts);
    }
}
