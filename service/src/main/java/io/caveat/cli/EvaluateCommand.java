package io.caveat.cli;

import io.caveat.engine.KnowledgeBase;
import io.caveat.engine.KnowledgeBaseCache;
import io.caveat.evaluate.EvaluateSnapshot;
import io.caveat.evaluate.FindingFilter;
import io.caveat.evaluate.LabelSelector;
import io.caveat.load.Snapshot;
import io.caveat.model.Evaluation;
import io.caveat.model.Severity;
import io.caveat.render.JsonRenderer;
import io.caveat.render.TableRenderer;
import io.caveat.report.ReportFormats;
import io.caveat.report.Waivers;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** caveat evaluate SNAPSHOT_DIR: fire the rules over exported cluster and PCE data. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a snapshot: a directory of kubectl/oc exports, must-gather trees and PCE API JSON.",
        footer = {"", "Exit status: 0 no finding at or above --fail-on; 1 such findings; 2 usage error, input "
                + "or a source (the cluster, the PCE) that could not be read (the findings of what could be read "
                + "are still printed), no rule "
                + "evaluable on the snapshot, or a rule that failed while firing."})
final class EvaluateCommand implements Callable<Integer> {
    /** The evaluation contract (table, json, yaml) or a report format of the same run (one code path). */
    enum Output { table, json, yaml, sarif, junit, csv, html }

    @Parameters(paramLabel = "SNAPSHOT_DIR", arity = "0..1",
            description = "directory (or one file) of exported data, or - to read JSON or YAML documents from "
                    + "stdin (kubectl get -o yaml, helm template); not with --live")
    Path snapshot;

    @Option(names = "--waivers", paramLabel = "FILE", description = "waivers file (YAML): findings it accepts "
            + "are marked waived and do not fail the run")
    Path waivers;

    @Option(names = "--live", description = "collect from the cluster and the PCE now (see caveat snapshot), then "
            + "evaluate")
    boolean live;

    @Mixin
    CollectOptions collect;

    @Mixin
    RulesOption rules;

    @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
            description = "table, json, yaml, sarif, junit, csv or html (default: ${DEFAULT-VALUE})")
    Output output;

    @Option(names = "--fail-on", defaultValue = "low", paramLabel = "SEVERITY",
            description = "exit 1 when a finding is at least this severe: info, low, medium, high, critical "
                    + "(default: ${DEFAULT-VALUE})")
    String failOn;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS", description = "only findings about objects of this "
            + "namespace (repeatable); cluster-scoped subjects (container hosts, rules, nodes) are left out")
    List<String> namespaces = new java.util.ArrayList<>();

    @Option(names = {"-A", "--all-namespaces"}, description = "findings of every namespace and the cluster-scoped "
            + "ones (the default)")
    boolean allNamespaces;

    @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR", description = "only findings whose subject's "
            + "labels match, in kubectl's syntax: app=web,tier!=db or 'env in (prod, stage)'")
    String selector;

    @Option(names = "--summary", description = "counts per rule and severity only, without each finding (table); "
            + "the exit code is the same")
    boolean summary;

    @Spec
    CommandSpec spec;

    @ParentCommand
    Main main;


    private String rendered(Evaluation evaluation, KnowledgeBase kb) {
        return switch (output) {
            case table -> TableRenderer.render(evaluation, new TableRenderer.Style(summary, Terminal.colour()));
            case json -> JsonRenderer.render(evaluation) + "\n";
            case yaml -> JsonRenderer.yaml(evaluation);
            default -> {
                String text = new String(ReportFormats.render(output.name(), ReportFormats.standalone(evaluation,
                        java.time.Instant.now()), kb.rules(), null), java.nio.charset.StandardCharsets.UTF_8);
                yield text.endsWith("\n") ? text : text + "\n";
            }
        };
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Severity threshold;
        try {
            threshold = Severity.parse(failOn);
        } catch (IllegalArgumentException e) {
            err.println("caveat: --fail-on: " + e.getMessage());
            return Main.EXIT_INPUT;
        }
        if (live == (snapshot != null)) {
            err.println("caveat: give either SNAPSHOT_DIR or --live");
            return Main.EXIT_INPUT;
        }
        if (allNamespaces && !namespaces.isEmpty()) {
            err.println("caveat: -A and -n exclude each other");
            return Main.EXIT_INPUT;
        }
        FindingFilter filter;
        try {
            filter = new FindingFilter(java.util.Set.copyOf(namespaces),
                    selector == null ? null : LabelSelector.parse(selector));
        } catch (IllegalArgumentException e) {
            err.println("caveat: -l: " + e.getMessage());
            return Main.EXIT_INPUT;
        }
        // The rules compile while a snapshot loads: on a big cluster both take seconds, each on its own core.
        // Live, they compile first: rules that do not load must not cost a single request to the cluster or PCE.
        var compiling = InBackground.start("caveat-compile",
                () -> RulesSection.apply(KnowledgeBaseCache.forUser(note -> err.println("caveat: " + note))
                        .compile(rules.files()), collect.section("rules")));
        if (live) {
            compiling.get();
        }
        Snapshot data;
        try {
            data = live ? collect.collectLive(err) : SnapshotInput.load(snapshot, main.stdin, ProgressLine.on(err));
        } catch (RuntimeException e) {
            compiling.get(); // rules that do not load are said first
            throw e;
        }
        KnowledgeBase kb = compiling.get();
        // Waiver expiry days are UTC days, in every command and the service alike.
        Evaluation all = EvaluateSnapshot.run(kb, data, waivers == null ? List.of() : Waivers.load(waivers),
                LocalDate.now(java.time.ZoneOffset.UTC));
        Evaluation evaluation = filter.apply(all, data);
        if (filter.filters()) {
            err.println("caveat: " + evaluation.findings().size() + " of " + all.findings().size()
                    + " findings shown (" + (namespaces.isEmpty() ? "" : "-n " + String.join(",", namespaces))
                    + (namespaces.isEmpty() || selector == null ? "" : " ") + (selector == null ? "" : "-l " + selector)
                    + ")");
        }
        out.print(rendered(evaluation, kb));
        out.flush();
        if (InputVerdict.incomplete(evaluation, err)) {
            return Main.EXIT_INPUT;
        }
        return evaluation.findings().stream().anyMatch(f -> f.waiver() == null && f.severity().atLeast(threshold))
                ? 1 : 0;
    }
}
