package io.caveat.evaluate;

import io.caveat.model.Evaluation;
import io.caveat.model.RuleStatus;

/**
 * Whether an evaluation's input was whole enough to trust its findings: the CLI's exit 2 and the service's
 * verdict and 422 decide by the same tests.
 */
public final class Completeness {
    private Completeness() {
    }

    /** Files of the snapshot could not be read, whole or in part. */
    public static boolean hasProblems(Evaluation evaluation) {
        return !evaluation.snapshot().problems().isEmpty();
    }

    /** A source a live collection asked for could not be read. */
    public static boolean hasUnreadableSources(Evaluation evaluation) {
        return !evaluation.snapshot().unreadable().isEmpty();
    }

    /** A rule failed or was stopped while firing. */
    public static boolean hasRuleErrors(Evaluation evaluation) {
        return evaluation.rules().stream().anyMatch(r -> RuleStatus.ERROR.equals(r.status()));
    }

    /** No rule could be evaluated: the snapshot holds none of the data the rules need. */
    public static boolean noneEvaluated(Evaluation evaluation) {
        return evaluation.rules().stream().noneMatch(r -> RuleStatus.EVALUATED.equals(r.status()));
    }

    public static boolean complete(Evaluation evaluation) {
        return !hasProblems(evaluation) && !hasUnreadableSources(evaluation) && !hasRuleErrors(evaluation)
                && !noneEvaluated(evaluation);
    }
}
