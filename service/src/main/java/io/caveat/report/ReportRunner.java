package io.caveat.report;

import io.caveat.engine.KnowledgeBase;
import io.caveat.evaluate.EvaluateSnapshot;
import io.caveat.load.Snapshot;
import io.caveat.model.Evaluation;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One report run: evaluate with waivers, compare with the previous run, write every format of the run into the
 * archive at once, then apply retention. Used by `caveat report` (a CronJob) and the service's schedule.
 */
public final class ReportRunner {
    /** The files of a run, by format name as the REST API and the command line call them. */
    public static final Map<String, String> FILES = Map.of("json", "report.json", "html", "report.html",
            "csv", "report.csv", "junit", "junit.xml", "sarif", "report.sarif", "policyreport", "policyreports.yaml");

    private final Archive archive;
    private final Clock clock;
    private final PrintWriter log;

    public ReportRunner(Archive archive, Clock clock, PrintWriter log) {
        this.archive = archive;
        this.clock = clock;
        this.log = log;
    }

    /**
     * @param keepRuns newest runs kept (0: all)
     * @param keepDays runs younger than this many days kept (0: all)
     */
    public ReportRun run(KnowledgeBase kb, Snapshot snapshot, List<Waivers.Entry> waivers, int keepRuns, int keepDays) {
        return archive.locked(() -> write(kb, snapshot, waivers, keepRuns, keepDays));
    }

    private ReportRun write(KnowledgeBase kb, Snapshot snapshot, List<Waivers.Entry> waivers, int keepRuns,
                            int keepDays) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Evaluation evaluation = EvaluateSnapshot.run(kb, snapshot, waivers, today);
        Lifecycle lifecycle = Lifecycle.of(evaluation, archive.previous(), today);
        String id = archive.nextId(now);
        ReportRun run = new ReportRun(id, now.toString(), snapshot.summary().source(), evaluation, lifecycle);
        List<RunSummary> trend = new ArrayList<>(archive.summaries(Archive.TREND_RUNS - 1));
        trend.add(RunSummary.of(run));
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String format : List.of("json", "html", "csv", "junit", "sarif", "policyreport")) {
            files.put(FILES.get(format), ReportFormats.render(format, run, kb.rules(), trend));
        }
        // The facts themselves, so that a rule change can be tried on the latest run (kept in that run only).
        files.put(io.caveat.load.SnapshotFile.NAME, io.caveat.load.SnapshotFile.write(snapshot));
        try {
            files.put("summary.json", Archive.JSON.writeValueAsBytes(RunSummary.of(run)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        archive.write(id, files);
        archive.keepSnapshotOnlyIn(id);
        List<String> removed = archive.prune(keepRuns, keepDays, now, id);
        if (!removed.isEmpty()) {
            log.println("caveat: retention removed " + removed.size() + " old run(s): " + String.join(", ", removed));
        }
        return run;
    }
}
