package io.caveat.serve;

import io.caveat.evaluate.Completeness;
import io.caveat.model.Evaluation;
import io.caveat.model.Finding;
import io.caveat.model.Severity;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a pipeline decides on, as the CLI's exit code says it: whether an unwaived finding is at least as severe
 * as failOn, whether the input was complete, and the findings by severity (most severe first, zeros included).
 */
record Verdict(String failOn, boolean failed, boolean complete, int findings, int waived,
               Map<String, Integer> bySeverity) {
    static Verdict of(Evaluation evaluation, Severity failOn) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = Severity.values().length - 1; i >= 0; i--) {
            counts.put(Severity.values()[i].label(), 0);
        }
        int waived = 0;
        boolean failed = false;
        for (Finding f : evaluation.findings()) {
            counts.merge(f.severity().label(), 1, Integer::sum);
            waived += f.waiver() == null ? 0 : 1;
            failed |= f.waiver() == null && f.severity().atLeast(failOn);
        }
        return new Verdict(failOn.label(), failed, Completeness.complete(evaluation), evaluation.findings().size(),
                waived, counts);
    }
}
