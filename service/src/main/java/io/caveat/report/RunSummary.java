package io.caveat.report;

import java.util.Map;

/**
 * The few numbers of one run, kept beside the run's report: what the trend over the archive needs, and the one
 * shape in which the REST API names a run's counts (GET and POST /reports alike).
 */
public record RunSummary(String id, String runAt, int findings, int waived, int newFindings, int stillOpen,
                         int resolved, Map<String, Integer> bySeverity) {

    public static RunSummary of(ReportRun run) {
        Map<String, Integer> bySeverity = new java.util.TreeMap<>();
        run.evaluation().findings().forEach(f -> bySeverity.merge(f.severity().label(), 1, Integer::sum));
        int waived = (int) run.evaluation().findings().stream().filter(f -> f.waiver() != null).count();
        return new RunSummary(run.id(), run.runAt(), run.evaluation().findings().size(), waived,
                run.lifecycle().newFindings(), run.lifecycle().stillOpen(), run.lifecycle().resolved().size(),
                bySeverity);
    }
}
