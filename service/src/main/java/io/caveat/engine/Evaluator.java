package io.caveat.engine;

import io.caveat.load.Snapshot;
import io.caveat.model.Evaluation;
import io.caveat.model.Fact;
import io.caveat.model.Finding;
import io.caveat.model.Hit;
import io.caveat.model.RuleInfo;
import io.caveat.model.RuleStatus;
import io.caveat.model.Severity;
import io.caveat.model.Subject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kie.api.KieBase;
import org.kie.api.runtime.KieSession;

/**
 * Fires a knowledge base over a snapshot in a fresh session and explains what fired. Decides nothing about any
 * limitation: which rules may run follows from their @requires and the data present; findings come from rules.
 */
public final class Evaluator {
    /** Where a failing vocabulary rule is recorded among the failed limitations. */
    static final String VOCABULARY = "";
    /** Rules whose conditions fail that an evaluation sets aside before it gives up. */
    private static final int MAX_RETRIES = 10;

    private Evaluator() {
    }

    public static Evaluation evaluate(KnowledgeBase kb, Snapshot snapshot) {
        return evaluate(kb, snapshot, EvaluationLimits.forFacts(snapshot.facts().size()));
    }

    public static Evaluation evaluate(KnowledgeBase kb, Snapshot snapshot, EvaluationLimits limits) {
        long start = System.nanoTime();
        Set<String> provided = Set.copyOf(snapshot.summary().provided());
        Map<String, String> failed = new LinkedHashMap<>();
        Set<String> blocked = new HashSet<>();
        kb.requires().forEach((rule, kinds) -> {
            if (!provided.containsAll(kinds) || kb.disabled(kb.ruleIds().get(rule))) {
                blocked.add(rule);
            }
        });
        KieBase base = kb.kieBase();
        Map<String, String> conditionsFailed = new LinkedHashMap<>();
        HitRecorder recorder;
        while (true) {
            recorder = new HitRecorder();
            failed.clear();
            failed.putAll(conditionsFailed);
            KieSession session = base.newKieSession();
            try {
                session.addEventListener(recorder.agenda);
                session.addEventListener(recorder.runtime);
                for (Object fact : snapshot.facts()) {
                    session.insert(fact);
                }
                new Firing(session, blocked, failed, kb.ruleIds(), limits).run();
                break;
            } catch (RuntimeException e) {
                // A condition that throws (on insert or while matching): that rule cannot run on these facts.
                // The evaluation starts over without it, so that the other rules' findings are kept.
                String rule = ConditionFailure.rule(e);
                if (rule == null || conditionsFailed.size() >= MAX_RETRIES) {
                    throw e;
                }
                conditionsFailed.merge(kb.ruleIds().getOrDefault(rule, VOCABULARY), "a condition of rule \""
                        + rule + "\" failed: " + ConditionFailure.cause(e), (first, next) -> first + "; " + next);
                base = ConditionFailure.without(base, rule);
            } finally {
                session.dispose();
            }
        }
        List<Finding> findings = findings(kb, recorder.recorded());
        Map<String, Integer> perRule = new HashMap<>();
        findings.forEach(f -> perRule.merge(f.ruleId(), 1, Integer::sum));
        List<RuleStatus> statuses = new ArrayList<>();
        for (RuleInfo rule : kb.rules()) {
            RuleStatus status = kb.disabled(rule.id())
                    ? new RuleStatus(rule.id(), rule.title(), rule.severity(), RuleStatus.DISABLED,
                    kb.settings().get(rule.id()), 0)
                    : failed.containsKey(rule.id())
                    ? new RuleStatus(rule.id(), rule.title(), rule.severity(), RuleStatus.ERROR, failed.get(rule.id()), 0)
                    : failed.containsKey(VOCABULARY)
                    ? new RuleStatus(rule.id(), rule.title(), rule.severity(), RuleStatus.ERROR, "the vocabulary's "
                    + failed.get(VOCABULARY) + "; the facts it derives are incomplete", 0)
                    : status(kb, rule, blocked, provided, snapshot);
            if (!kb.disabled(rule.id()) && kb.settings().containsKey(rule.id())) {
                status = new RuleStatus(status.id(), status.title(), status.severity(), status.status(),
                        status.reason(), 0, kb.settings().get(rule.id()));
            }
            statuses.add(status.withFindings(perRule.getOrDefault(rule.id(), 0)));
        }
        return new Evaluation(kb.info(), snapshot.summary(), statuses, findings,
                (System.nanoTime() - start) / 1_000_000, null);
    }

    /**
     * The facts of one type the rules derive from a snapshot (a vocabulary term such as ActivePod), each as its
     * fields: what a vocabulary scenario checks.
     */
    public static List<Map<String, Object>> derived(KnowledgeBase kb, Snapshot snapshot, String type) {
        KieSession session = kb.kieBase().newKieSession();
        try {
            snapshot.facts().forEach(session::insert);
            Map<String, String> failed = new LinkedHashMap<>();
            new Firing(session, Set.of(), failed, kb.ruleIds(),
                    EvaluationLimits.forFacts(snapshot.facts().size())).run();
            if (!failed.isEmpty()) {
                throw new IllegalStateException(String.join("; ", failed.values()));
            }
            return session.getObjects(o -> o.getClass().getSimpleName().equals(type)).stream()
                    .map(DerivedFacts::fields).toList();
        } finally {
            session.dispose();
        }
    }

    /**
     * Evaluated when every DRL rule of the limitation could run; evaluated "partly" when some could; not evaluated,
     * with the missing data named, when none could.
     */
    private static RuleStatus status(KnowledgeBase kb, RuleInfo rule, Set<String> blocked, Set<String> provided,
                                     Snapshot snapshot) {
        List<String> names = kb.ruleIds().entrySet().stream().filter(e -> e.getValue().equals(rule.id()))
                .map(Map.Entry::getKey).toList();
        List<String> stopped = names.stream().filter(blocked::contains).toList();
        String incomplete = incomplete(kb, names, stopped, snapshot.summary());
        if (stopped.isEmpty()) {
            return new RuleStatus(rule.id(), rule.title(), rule.severity(), RuleStatus.EVALUATED,
                    incomplete == null ? null : "partly: " + incomplete, 0);
        }
        List<String> missing = stopped.stream().flatMap(n -> kb.requires().get(n).stream())
                .filter(k -> !provided.contains(k)).distinct().toList();
        String reason = MissingData.reason(missing, snapshot.summary());
        if (stopped.size() == names.size()) {
            return new RuleStatus(rule.id(), rule.title(), rule.severity(), RuleStatus.NOT_EVALUATED, reason, 0);
        }
        return new RuleStatus(rule.id(), rule.title(), rule.severity(), RuleStatus.EVALUATED,
                "partly: " + stopped.size() + " of its " + names.size() + " checks " + reason
                        + (incomplete == null ? "" : "; " + incomplete), 0);
    }

    /** The data the limitation's running checks read of which some objects could not be read; null when none. */
    private static String incomplete(KnowledgeBase kb, List<String> names, List<String> stopped,
                                     io.caveat.model.SnapshotSummary summary) {
        List<String> kinds = names.stream().filter(n -> !stopped.contains(n))
                .flatMap(n -> kb.requires().get(n).stream()).distinct().sorted()
                .filter(summary.incomplete()::containsKey).toList();
        if (kinds.isEmpty()) {
            return null;
        }
        return "its findings may miss objects: " + String.join("; ", kinds.stream()
                .map(k -> k + " data is incomplete (" + summary.incomplete().get(k) + ")").toList());
    }

    private static List<Finding> findings(KnowledgeBase kb, List<HitRecorder.Recorded> recorded) {
        Map<String, Finding> byFingerprint = new LinkedHashMap<>();
        EvidenceBuilder evidence = new EvidenceBuilder();
        for (HitRecorder.Recorded r : recorded) {
            String id = kb.ruleIds().get(r.ruleName());
            RuleInfo rule = kb.rule(id);
            Hit hit = r.hit();
            Subject subject = new Subject(hit.subjectKind(), hit.subjectNamespace(), hit.subjectName());
            String own = kb.severityConfigured(id) ? null : kb.severities().get(r.ruleName());
            Severity severity = own != null ? Severity.parse(own) : rule.severity();
            String fingerprint = fingerprint(id, hit.subjectKind(), hit.subjectKey());
            Finding finding = new Finding(id, rule.title(), severity, subject, hit.message(),
                    evidence.of(r.matched()), rule.limitation(), rule.remediation(), rule.docs(),
                    fingerprint, null);
            // Two rules of a limitation on one subject make one finding: the most severe, whatever order they fired.
            byFingerprint.merge(fingerprint, finding, (first, next) ->
                    next.severity().compareTo(first.severity()) > 0 ? next : first);
        }
        List<Finding> findings = new ArrayList<>(byFingerprint.values());
        findings.sort(Comparator.comparing(Finding::ruleId)
                .thenComparing(Finding::severity, Comparator.reverseOrder())
                .thenComparing(f -> f.subject().toString()));
        return findings;
    }

    /** Same rule, same subject (by its key): same fingerprint, run after run. */
    static String fingerprint(String ruleId, String kind, String key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((ruleId + "\u0000" + kind + "\u0000" + key).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
