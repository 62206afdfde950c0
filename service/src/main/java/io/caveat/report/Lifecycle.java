package io.caveat.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.caveat.model.Finding;
import io.caveat.model.Subject;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How this run's findings relate to the previous run's, by fingerprint: new, still open (since when, how many
 * days), and the previous ones that are gone (resolved).
 *
 * @param findings fingerprint -> its state in this run
 * @param resolved findings of the previous run that this run no longer has, of rules this run fully evaluated
 * @param carried  findings of the previous run whose rules this run could not evaluate: kept, with their
 *                 history, for the next run
 */
public record Lifecycle(String previousRun, int newFindings, int stillOpen, Map<String, State> findings,
                        List<Resolved> resolved, Map<String, Carried> carried) {

    /** A finding whose rule could not run this time, with what the next run needs to judge it. */
    public record Carried(String ruleId, Subject subject, String message, State state) {
    }

    /** One finding's place in the history. */
    public record State(String state, String firstSeen, long ageDays) {
        public static final String NEW = "new";
        public static final String OPEN = "open";
    }

    /** A finding that was there in the previous run and is not any more. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Resolved(String ruleId, Subject subject, String fingerprint, String message, String firstSeen) {
    }

    /** What this run needs of the previous one: its id, its findings' states, and its findings. */
    record Previous(String id, Map<String, State> states, List<Resolved> findings) {
    }

    /**
     * @param previous the previous run, or null for the first run
     * @param today    the day of this run
     */
    static Lifecycle of(io.caveat.model.Evaluation evaluation, Previous previous, LocalDate today) {
        List<Finding> current = evaluation.findings();
        // Rules that did not fully run this time say nothing about their findings: they are neither resolved
        // nor new; their history is carried to the next run.
        java.util.Set<String> judged = new java.util.HashSet<>();
        evaluation.rules().stream().filter(r -> io.caveat.model.RuleStatus.EVALUATED.equals(r.status())
                && r.reason() == null).forEach(r -> judged.add(r.id()));
        Map<String, State> before = previous == null ? Map.of() : previous.states();
        Map<String, State> states = new LinkedHashMap<>();
        int fresh = 0;
        for (Finding f : current) {
            State was = before.get(f.fingerprint());
            if (was == null) {
                fresh++;
                states.put(f.fingerprint(), new State(State.NEW, today.toString(), 0));
            } else {
                LocalDate first = LocalDate.parse(was.firstSeen());
                states.put(f.fingerprint(), new State(State.OPEN, was.firstSeen(), ChronoUnit.DAYS.between(first, today)));
            }
        }
        List<Resolved> resolved = new ArrayList<>();
        Map<String, Carried> carried = new LinkedHashMap<>();
        if (previous != null) {
            for (Resolved f : previous.findings()) {
                if (states.containsKey(f.fingerprint())) {
                    continue;
                }
                State was = before.get(f.fingerprint());
                if (judged.contains(f.ruleId())) {
                    resolved.add(new Resolved(f.ruleId(), f.subject(), f.fingerprint(), f.message(),
                            was == null ? null : was.firstSeen()));
                } else if (was != null) {
                    carried.put(f.fingerprint(), new Carried(f.ruleId(), f.subject(), f.message(), was));
                }
            }
        }
        return new Lifecycle(previous == null ? null : previous.id(), fresh, current.size() - fresh, states, resolved,
                carried);
    }
}
