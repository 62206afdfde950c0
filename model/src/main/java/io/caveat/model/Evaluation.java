package io.caveat.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The result of firing the knowledge base over one snapshot: the JSON contract of `caveat evaluate`.
 *
 * @param waivers what waivers did, or null when none were given
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Evaluation(KnowledgeBaseInfo knowledgeBase, SnapshotSummary snapshot, List<RuleStatus> rules,
                         List<Finding> findings, long durationMillis, WaiverReport waivers) {
    public Evaluation {
        rules = List.copyOf(rules);
        findings = List.copyOf(findings);
    }

    public Evaluation withWaivers(List<Finding> waivedFindings, WaiverReport report) {
        return new Evaluation(knowledgeBase, snapshot, rules, waivedFindings, durationMillis, report);
    }
}
