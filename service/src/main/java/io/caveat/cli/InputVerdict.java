package io.caveat.cli;

import io.caveat.model.Evaluation;
import io.caveat.evaluate.Completeness;
import java.io.PrintWriter;

/**
 * Whether an evaluation's input was whole enough to trust its findings, said on stderr: files that could not be
 * read (each named), sources a live collection could not read, rules that failed or were stopped, or no rule
 * evaluated at all. Any of these is exit 2 in evaluate and report alike: a pipeline must never take a partial
 * answer for a clean one.
 */
final class InputVerdict {
    private InputVerdict() {
    }

    /** True when the command must exit 2; the reasons are on stderr. */
    static boolean incomplete(Evaluation evaluation, PrintWriter err) {
        boolean incomplete = false;
        var problems = evaluation.snapshot().problems();
        if (Completeness.hasProblems(evaluation)) {
            err.println("caveat: " + problems.size() + " problem(s) in the snapshot's files:");
            problems.forEach(p -> err.println("  " + p));
            incomplete = true;
        }
        if (SourceErrors.said(evaluation.snapshot(), err)) {
            incomplete = true;
        }
        if (Completeness.hasRuleErrors(evaluation)) {
            err.println("caveat: a rule failed or was stopped while firing; see the rules marked error");
            incomplete = true;
        }
        if (Completeness.noneEvaluated(evaluation)) {
            err.println("caveat: no rule could be evaluated: the snapshot holds none of the data the rules need");
            incomplete = true;
        }
        return incomplete;
    }
}
