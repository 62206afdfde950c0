package io.caveat.report;

import java.util.Map;

/** The few numbers of one run that the trend over the archive needs, kept beside the run's report. */
public record RunSummary(String id, String runAt, int findings, int waived, int newFindings, int resolved,
                         Map<String, Integer> bySeverity) {

    static RunSummary of(ReportRun run) {
        Map<String, Integer> bySeverity = new java.util.TreeMap<>();
        run.evaluation().findings().forEach(f -> bySeverity.merge(f.severity().label(), 1, Integer::sum));
        int waived = (int) run.evaluation().findings().stream().filter(f -> f.waiver() != null).count();
        return new RunSummary(run.id(), run.runAt(), run.evaluation().findings().size(), waived,
                run.lifecycle().newFindings(), run.lifecycle().resolved().size(), bySeverity);
    }
}
