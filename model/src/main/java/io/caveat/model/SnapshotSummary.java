package io.caveat.model;

import java.util.List;
import java.util.Map;

/**
 * What was read from a snapshot.
 *
 * @param facts     count per fact kind
 * @param provided  the fact kinds whose source data was present (even when it held no objects)
 * @param skipped   objects of kinds no rule needs, count per kind
 * @param problems  files that could not be read, as "file:line:column: message"
 * @param notes     things worth knowing about the data (draft policy used, several container clusters...)
 * @param unreadable fact kinds a live collection could not read, with why (from the snapshot's manifest)
 * @param incomplete provided fact kinds of which some objects could not be read, with which (a problem each)
 */
public record SnapshotSummary(String source, int files, Map<String, Integer> facts, List<String> provided,
                              Map<String, Integer> skipped, List<String> problems, List<String> notes,
                              Map<String, String> unreadable, Map<String, String> incomplete) {
    public SnapshotSummary {
        unreadable = Immutable.map(unreadable);
        incomplete = Immutable.map(incomplete);
        facts = Immutable.map(facts);
        provided = List.copyOf(provided);
        skipped = Immutable.map(skipped);
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
    }

    /** What a live collection could not read, one line per reason: "reason (kinds)". */
    public List<String> unreadableSources() {
        Map<String, java.util.Set<String>> kindsByReason = new java.util.TreeMap<>();
        unreadable.forEach((kind, why) -> kindsByReason.computeIfAbsent(why, k -> new java.util.TreeSet<>()).add(kind));
        return kindsByReason.entrySet().stream().map(e -> e.getKey() + " (" + String.join(", ", e.getValue()) + ")")
                .toList();
    }
}
