package io.caveat.cli;

import io.caveat.engine.KnowledgeBase;
import io.caveat.load.Snapshot;
import io.caveat.publish.ReportPublisher;
import io.caveat.report.Archive;
import io.caveat.report.Lifecycle;
import io.caveat.report.ReportRun;
import io.caveat.report.ReportRunner;
import io.caveat.report.Waivers;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** caveat report: one run into the archive, in every format, compared with the previous run; for a CronJob. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Evaluate (a snapshot, or --live) and write the run into an archive: report.json, .html, "
                + ".csv, junit.xml, .sarif, policyreports.yaml, with what is new, still open and resolved.",
        footer = {"", "With --publish the run's policy reports are also written into the cluster (server-side apply, "
                + "as the kubeconfig's account); a cluster without the report CRDs is warned about, not an error.",
                "", "Exit status: 0 the run was written (and published); 1 it holds an unwaived finding at least as "
                + "severe as --fail-on (only with --fail-on); 2 usage error, unreadable input, or a source "
                + "that could not be read (the run is written with what was read); 3 the run "
                + "was written but publishing failed."})
final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SNAPSHOT_DIR", arity = "0..1", description = "snapshot to report on, or - for stdin; "
            + "not with --live")
    Path snapshot;

    @Option(names = "--live", description = "collect from the cluster and the PCE now")
    boolean live;

    @Option(names = "--archive", required = true, paramLabel = "DIR", description = "the archive of runs")
    Path archive;

    @Option(names = "--waivers", paramLabel = "FILE", description = "waivers file (YAML)")
    Path waivers;

    @Option(names = "--keep-runs", description = "keep the newest N runs (default: report.keepRuns in caveat.yaml, "
            + "else all)")
    Integer keepRuns;

    @Option(names = "--keep-days", description = "keep runs of the last D days (default: report.keepDays in "
            + "caveat.yaml, else all)")
    Integer keepDays;

    @Option(names = "--publish", negatable = true, description = "write the run's PolicyReports into the cluster "
            + "(default: report.publish in caveat.yaml, else not)")
    Boolean publish;

    @Option(names = "--publish-api", paramLabel = "API", description = "wgpolicyk8s.io/v1alpha2 or "
            + "openreports.io/v1alpha1 (default: report.publishApi in caveat.yaml, else wgpolicyk8s.io/v1alpha2)")
    String publishApi;

    @Option(names = "--fail-on", paramLabel = "SEVERITY", description = "exit 1 when the run holds an unwaived "
            + "finding at least this severe: info, low, medium, high, critical (default: never, a CronJob's run "
            + "succeeds when it is written)")
    String failOn;

    @Mixin
    RulesOption rules;

    @Mixin
    CollectOptions collect;

    @Spec
    CommandSpec spec;

    @ParentCommand
    Main main;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (live == (snapshot != null)) {
            err.println("caveat: give either SNAPSHOT_DIR or --live");
            return Main.EXIT_INPUT;
        }
        io.caveat.model.Severity threshold;
        try {
            threshold = failOn == null ? null : io.caveat.model.Severity.parse(failOn);
        } catch (IllegalArgumentException e) {
            err.println("caveat: --fail-on: " + e.getMessage());
            return Main.EXIT_INPUT;
        }
        KnowledgeBase kb = RulesSection.apply(io.caveat.engine.KnowledgeBaseCache.forUser(note -> err.println("caveat: "
                + note)).compile(rules.files()), collect.section("rules"));
        List<Waivers.Entry> accepted = waivers == null ? List.of() : Waivers.load(waivers);
        var configured = collect.section("report");
        ReportPublisher publisher = Publishing.publisher(publish, publishApi, configured, collect.settings());
        Snapshot data = live ? collect.collectLive(err) : SnapshotInput.load(snapshot, main.stdin, ProgressLine.on(err));
        ReportRun run = new ReportRunner(new Archive(archive, err), Clock.systemUTC(), err).run(kb, data, accepted,
                keepRuns != null ? keepRuns : configured.path("keepRuns").asInt(0),
                keepDays != null ? keepDays : configured.path("keepDays").asInt(0));
        Lifecycle lifecycle = run.lifecycle();
        long waived = run.evaluation().findings().stream().filter(f -> f.waiver() != null).count();
        spec.commandLine().getOut().printf("run %s: %d findings (%d new, %d still open, %d resolved, %d waived) -> %s%n",
                run.id(), run.evaluation().findings().size(), lifecycle.newFindings(), lifecycle.stillOpen(),
                lifecycle.resolved().size(), waived, archive.resolve("runs").resolve(run.id()).resolve("report.html"));
        if (publisher != null) {
            ReportPublisher.Outcome outcome = publisher.publish(run);
            err.println("caveat: " + outcome.message());
            outcome.failures().forEach(f -> err.println("  " + f));
            if (outcome.status() == ReportPublisher.Status.FAILED) {
                return Main.EXIT_PUBLISH;
            }
        }
        // The run is written (its report lists what was missing); the exit says the input needs fixing.
        if (InputVerdict.incomplete(run.evaluation(), err)) {
            return Main.EXIT_INPUT;
        }
        return threshold != null && run.evaluation().findings().stream()
                .anyMatch(f -> f.waiver() == null && f.severity().atLeast(threshold)) ? 1 : 0;
    }

}
