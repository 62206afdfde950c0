package io.caveat.report;

import io.caveat.model.Evaluation;
import io.caveat.model.RuleInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The formats of a run, in one place for `caveat report`, the service and `caveat evaluate -o`: an evaluation
 * outside any archive is a run of its own, every finding new.
 */
public final class ReportFormats {
    private ReportFormats() {
    }

    /** An evaluation as a run with no archive behind it (no previous run: every finding new, nothing resolved). */
    public static ReportRun standalone(Evaluation evaluation, Instant now) {
        return new ReportRun("evaluation", now.toString(), evaluation.snapshot().source(), evaluation,
                Lifecycle.of(evaluation, null, LocalDate.ofInstant(now, ZoneOffset.UTC)));
    }

    /** The run in a format of {@link ReportRunner#FILES}; a trend of the run alone when there is no archive. */
    public static byte[] render(String format, ReportRun run, List<RuleInfo> rules, List<RunSummary> trend) {
        return switch (format) {
            case "json" -> json(run);
            case "html" -> HtmlFormat.render(run, trend == null ? List.of(RunSummary.of(run)) : trend);
            case "csv" -> CsvFormat.render(run);
            case "junit" -> JunitFormat.render(run);
            case "sarif" -> SarifFormat.render(run, rules);
            case "policyreport" -> PolicyReportFormat.render(run);
            default -> throw new IllegalArgumentException("no format " + format);
        };
    }

    private static byte[] json(ReportRun run) {
        try {
            return Archive.JSON.writeValueAsBytes(run);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
