package io.caveat.engine;

import java.time.Duration;

/**
 * Bounds of one evaluation, so that a rule that never settles (one that updates what it matches without no-loop)
 * cannot take the process with it: past a number of firings, or past a time, the rule that fired most is stopped
 * and reported as an error, and the others go on.
 *
 * @param maxFirings firings of all rules together
 * @param maxTime    wall time of the firing
 */
public record EvaluationLimits(long maxFirings, Duration maxTime) {
    /** Overrides the firing bound (a number). */
    public static final String FIRINGS_VARIABLE = "CAVEAT_MAX_FIRINGS";
    /** Overrides the time bound (seconds). */
    public static final String SECONDS_VARIABLE = "CAVEAT_MAX_EVALUATION_SECONDS";
    private static final long BASE_FIRINGS = 100_000;
    /** Rules fire a few times per fact (vocabulary, then findings): twenty is ample, a loop passes it quickly. */
    private static final long FIRINGS_PER_FACT = 20;
    private static final Duration DEFAULT_TIME = Duration.ofSeconds(120);

    /** The defaults for a snapshot of this many facts, unless the environment sets either bound. */
    public static EvaluationLimits forFacts(int facts) {
        long firings = BASE_FIRINGS + FIRINGS_PER_FACT * facts;
        Duration time = DEFAULT_TIME;
        String setFirings = System.getenv(FIRINGS_VARIABLE);
        String setSeconds = System.getenv(SECONDS_VARIABLE);
        try {
            if (setFirings != null && !setFirings.isBlank()) {
                firings = Long.parseLong(setFirings.trim());
            }
            if (setSeconds != null && !setSeconds.isBlank()) {
                time = Duration.ofMillis(Math.round(Double.parseDouble(setSeconds.trim()) * 1000));
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(FIRINGS_VARIABLE + " and " + SECONDS_VARIABLE
                    + " must be numbers: " + e.getMessage(), e);
        }
        return new EvaluationLimits(firings, time);
    }

    /** "2000 firings", "0.5 s": as messages name them. */
    String timeText() {
        double seconds = maxTime.toMillis() / 1000.0;
        return (seconds == Math.rint(seconds) ? String.valueOf((long) seconds) : String.valueOf(seconds)) + " s";
    }
}
