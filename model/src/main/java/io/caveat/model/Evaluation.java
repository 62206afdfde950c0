package io.caveat.model;

import java.util.List;

/** The result of firing the knowledge base over one snapshot: the JSON contract of `caveat evaluate`. */
public record Evaluation(KnowledgeBaseInfo knowledgeBase, SnapshotSummary snapshot, List<RuleStatus> rules,
                         List<Finding> findings, long durationMillis) {
    public Evaluation {
        rules = List.copyOf(rules);
        findings = List.copyOf(findings);
    }
}
