package io.caveat.cli;

import io.caveat.engine.KnowledgeBase;
import io.caveat.engine.RuleCompiler;
import io.caveat.engine.RuleFile;
import io.caveat.engine.RuleLoadException;
import io.caveat.engine.RuleSource;
import io.caveat.model.RuleInfo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** caveat rules check|list: for analysts editing rules. */
@Command(name = "rules", mixinStandardHelpOptions = true, description = "Check or list the rules.",
        subcommands = {RulesCommand.Check.class, RulesCommand.ListRules.class, RulesCommand.Test.class,
                RulesCommand.Docs.class, RulesConfigMap.class})
final class RulesCommand {

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Compile the rules and check their metadata; print file:line:column for each problem.",
            footer = {"", "Exit status: 0 the rules load; 2 they do not."})
    static final class Check implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", arity = "0..1",
                description = "rules directory (default: $CAVEAT_RULES, else the rules bundled in caveat)")
        Path directory;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            List<RuleFile> files;
            try {
                files = RulesOption.files(directory);
                KnowledgeBase kb = RuleCompiler.compile(files);
                kb.warnings().forEach(w -> out.println("warning: " + w));
                out.println("OK: " + files.stream().filter(f -> !f.isLimitation()).count() + " rule files, "
                        + kb.rules().size() + " limitations, "
                        + kb.ruleIds().size() + " rules, knowledge base " + kb.version()
                        + (kb.warnings().isEmpty() ? "" : ", " + kb.warnings().size() + " warning(s)"));
                return 0;
            } catch (RuleLoadException e) {
                e.diagnostics().forEach(err::println);
                err.println(e.diagnostics().size() + " problem(s)");
                return Main.EXIT_INPUT;
            } catch (IllegalArgumentException e) {
                err.println("caveat: " + e.getMessage());
                return Main.EXIT_INPUT;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the limitations the rules check.")
    static final class ListRules implements Callable<Integer> {
        @Mixin
        RulesOption rules;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            KnowledgeBase kb = RuleCompiler.compile(rules.files());
            out.printf("%-8s %-9s %s%n", "ID", "SEVERITY", "TITLE / SOURCE");
            for (RuleInfo r : kb.rules()) {
                out.printf("%-8s %-9s %s%n%-18s %s%n", r.id(), r.severity().label(), r.title(), "", r.source());
            }
            return 0;
        }
    }

    /** The rules tree a subcommand works on: the argument's, else $CAVEAT_RULES's (a mounted ConfigMap unfolded). */
    static Path directory(Path given) {
        Path directory = given != null ? given : System.getenv(RulesOption.ENV) == null ? null
                : Path.of(System.getenv(RulesOption.ENV));
        if (directory == null || !java.nio.file.Files.isDirectory(directory)) {
            throw new IllegalArgumentException("give the rules directory (or set $CAVEAT_RULES)");
        }
        return io.caveat.engine.RulesDirectory.open(directory);
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "Run every scenario beside the rules and show, per rule, what came out against what was "
                    + "expected.", footer = {"", "Exit status: 0 all pass; 1 a scenario fails; 2 the rules do not load."})
    static final class Test implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", arity = "0..1", description = "rules directory (default: $CAVEAT_RULES)")
        Path directory;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Path rules = directory(directory);
            KnowledgeBase kb = RuleCompiler.compile(RuleSource.directory(rules));
            int failed = 0;
            List<io.caveat.scenario.Scenario> scenarios = io.caveat.scenario.ScenarioRunner.find(rules).stream()
                    .map(io.caveat.scenario.Scenario::read).toList();
            for (io.caveat.scenario.Scenario s : scenarios) {
                io.caveat.scenario.ScenarioRunner.Result result = io.caveat.scenario.ScenarioRunner.run(kb, s);
                out.printf("%s %-7s %s%n", result.passed() ? "PASS" : "FAIL", s.rule(), rules.relativize(s.file()));
                if (!result.passed()) {
                    failed++;
                    out.println("       " + s.description());
                    result.problems().forEach(p -> out.println("       - " + p));
                }
            }
            List<String> untested = io.caveat.scenario.ScenarioRunner.coverage(kb, rules, scenarios);
            untested.forEach(p -> out.println("MISSING " + p));
            out.printf("%d scenarios, %d failed%s%n", scenarios.size(), failed,
                    untested.isEmpty() ? "" : ", " + untested.size() + " missing");
            return failed == 0 && untested.isEmpty() ? 0 : 1;
        }
    }

    @Command(name = "docs", mixinStandardHelpOptions = true,
            description = {"Write the rule catalog (docs/rules.md) from the rules' metadata and scenarios.",
                    "Also refreshes the generated fact-field table in DIR/README.md."})
    static final class Docs implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", arity = "0..1", description = "rules directory (default: $CAVEAT_RULES)")
        Path directory;

        @picocli.CommandLine.Option(names = "--out", paramLabel = "FILE", description = "default: standard output")
        Path outFile;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws java.io.IOException {
            Path rules = directory(directory);
            List<RuleFile> files = RuleSource.directory(rules);
            String markdown = io.caveat.scenario.Catalog.markdown(RuleCompiler.compile(files), files, rules);
            Path guide = rules.resolve("README.md");
            if (java.nio.file.Files.isRegularFile(guide)) {
                String text = java.nio.file.Files.readString(guide);
                String refreshed = io.caveat.scenario.FactTable.refresh(text);
                if (!refreshed.equals(text)) {
                    java.nio.file.Files.writeString(guide, refreshed);
                    spec.commandLine().getErr().println("updated the fact table in " + guide);
                }
            }
            if (outFile == null) {
                spec.commandLine().getOut().print(markdown);
            } else {
                java.nio.file.Files.writeString(outFile, markdown);
            }
            return 0;
        }
    }
}
