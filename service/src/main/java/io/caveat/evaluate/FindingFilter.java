package io.caveat.evaluate;

import io.caveat.load.Snapshot;
import io.caveat.model.Evaluation;
import io.caveat.model.Finding;
import io.caveat.model.Pod;
import io.caveat.model.RuleStatus;
import io.caveat.model.Subject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which findings to show, as kubectl chooses objects: -n keeps the findings about objects of those namespaces
 * (cluster-scoped subjects, such as container hosts, pairing profiles and rules, are not in any namespace and
 * are left out, as kubectl -n leaves out nodes); -l keeps those whose subject's labels match. A workload's
 * labels are its own, or, when only its pods were exported, its first pod's. Rule statuses count what is kept.
 */
public final class FindingFilter {
    private final Set<String> namespaces;
    private final LabelSelector selector;

    /** @param namespaces empty: every namespace; @param selector null: any labels */
    public FindingFilter(Set<String> namespaces, LabelSelector selector) {
        this.namespaces = Set.copyOf(namespaces);
        this.selector = selector;
    }

    public boolean filters() {
        return !namespaces.isEmpty() || selector != null;
    }

    /** The evaluation with only the findings kept; how many were left out is the difference in size. */
    public Evaluation apply(Evaluation evaluation, Snapshot snapshot) {
        if (!filters()) {
            return evaluation;
        }
        Map<String, Map<String, String>> labels = selector == null ? Map.of() : labels(snapshot);
        List<Finding> kept = evaluation.findings().stream().filter(f -> keeps(f.subject(), labels)).toList();
        Map<String, Integer> perRule = new HashMap<>();
        kept.forEach(f -> perRule.merge(f.ruleId(), 1, Integer::sum));
        List<RuleStatus> rules = evaluation.rules().stream()
                .map(r -> r.withFindings(perRule.getOrDefault(r.id(), 0))).toList();
        return new Evaluation(evaluation.knowledgeBase(), evaluation.snapshot(), rules, kept,
                evaluation.durationMillis(), evaluation.waivers());
    }

    private boolean keeps(Subject subject, Map<String, Map<String, String>> labels) {
        if (!namespaces.isEmpty() && (subject.namespace() == null || !namespaces.contains(subject.namespace()))) {
            return false;
        }
        return selector == null || selector.test(labels.getOrDefault(subject.toString(), Map.of()));
    }

    private static Map<String, Map<String, String>> labels(Snapshot snapshot) {
        Map<String, Map<String, String>> labels = new HashMap<>();
        snapshot.sources().forEach((subject, source) -> labels.put(subject, source.labels()));
        for (Object fact : snapshot.facts()) {
            if (fact instanceof Pod pod && pod.ownerKind() != null && pod.ownerName() != null) {
                labels.putIfAbsent(new Subject(pod.ownerKind(), pod.namespace(), pod.ownerName()).toString(),
                        pod.labels());
            }
        }
        return labels;
    }
}
