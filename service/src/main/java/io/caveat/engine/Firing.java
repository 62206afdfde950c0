package io.caveat.engine;

import io.caveat.model.Fact;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.ConsequenceException;

/**
 * Fires a session to the end, in chunks, within the evaluation's bounds. A rule whose consequence throws is
 * stopped and reported as an error; past the firing bound or the time bound, the rule that fired most is stopped
 * the same way: one broken rule must not silence the rest, nor run forever.
 */
final class Firing {
    /** Firings between two looks at the bounds. */
    private static final int CHUNK = 10_000;
    /** The time left to the other rules once a rule was stopped at the time bound: a tenth more, 1 s at least. */
    private static final long MIN_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "caveat-evaluation-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final KieSession session;
    private final Set<String> stopped;
    private final Map<String, String> failed;
    private final Map<String, String> ruleIds;
    private final EvaluationLimits limits;
    private final Map<String, long[]> fired = new HashMap<>();
    private long total;

    Firing(KieSession session, Set<String> blocked, Map<String, String> failed, Map<String, String> ruleIds,
           EvaluationLimits limits) {
        this.session = session;
        this.stopped = new HashSet<>(blocked);
        this.failed = failed;
        this.ruleIds = ruleIds;
        this.limits = limits;
        session.addEventListener(new DefaultAgendaEventListener() {
            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                fired.computeIfAbsent(event.getMatch().getRule().getName(), k -> new long[1])[0]++;
                total++;
            }
        });
    }

    void run() {
        long deadline = System.nanoTime() + limits.maxTime().toNanos();
        boolean graceGiven = false;
        long budgetFrom = 0;
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(session::halt, limits.maxTime().toNanos(), TimeUnit.NANOSECONDS);
        try {
            while (true) {
                int firedNow;
                try {
                    firedNow = session.fireAllRules(match -> !stopped.contains(match.getRule().getName()), CHUNK);
                } catch (ConsequenceException e) {
                    consequenceFailed(e);
                    continue;
                }
                boolean overTime = System.nanoTime() >= deadline;
                boolean overFirings = total - budgetFrom > limits.maxFirings();
                if (!overTime && !overFirings) {
                    if (firedNow < CHUNK) {
                        return;
                    }
                    continue;
                }
                String rule = mostFired();
                if (rule == null || overTime && graceGiven) {
                    stopEverything();
                    return;
                }
                stop(rule, overTime ? "its time bound of " + limits.timeText() + " (" + EvaluationLimits.SECONDS_VARIABLE
                        + ")" : "the bound of " + limits.maxFirings() + " firings (" + EvaluationLimits.FIRINGS_VARIABLE
                        + "); a rule that updates what it matches without no-loop fires forever");
                budgetFrom = total;
                if (overTime) {
                    graceGiven = true;
                    long grace = Math.max(MIN_GRACE_NANOS, limits.maxTime().toNanos() / 10);
                    deadline = System.nanoTime() + grace;
                    watchdog.cancel(false);
                    watchdog = WATCHDOG.schedule(session::halt, grace, TimeUnit.NANOSECONDS);
                }
            }
        } finally {
            watchdog.cancel(false);
        }
    }

    private void consequenceFailed(ConsequenceException e) {
        String rule = e.getMatch().getRule().getName();
        stopped.add(rule);
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        // A vocabulary rule (no id) that fails leaves every limitation with part of its derived facts.
        record(rule, "rule \"" + rule + "\" failed on " + e.getMatch().getObjects().stream()
                .filter(o -> o instanceof Fact).map(o -> ((Fact) o).kind() + " " + ((Fact) o).key()).findFirst()
                .orElse("its match") + ": " + cause);
    }

    private void stop(String rule, String bound) {
        stopped.add(rule);
        record(rule, "rule \"" + rule + "\" was stopped after it fired " + fired.get(rule)[0]
                + " times: the evaluation reached " + bound);
    }

    /** Past the grace too: nothing more fires, and every limitation not judged yet says why. */
    private void stopEverything() {
        String why = "the evaluation was stopped at its time bound of " + limits.timeText() + " ("
                + EvaluationLimits.SECONDS_VARIABLE + "); findings made before are kept, others may be missing";
        ruleIds.values().stream().distinct().forEach(id -> failed.putIfAbsent(id, why));
    }

    private void record(String rule, String reason) {
        failed.merge(ruleIds.getOrDefault(rule, Evaluator.VOCABULARY), reason, (first, next) -> first + "; " + next);
    }

    private String mostFired() {
        String most = null;
        long count = -1;
        for (Map.Entry<String, long[]> e : fired.entrySet()) {
            if (!stopped.contains(e.getKey()) && e.getValue()[0] > count) {
                most = e.getKey();
                count = e.getValue()[0];
            }
        }
        return most;
    }
}
