package io.caveat.cli;

import io.caveat.engine.KnowledgeBase;
import io.caveat.engine.RuleCompiler;
import io.caveat.engine.RuleFile;
import io.caveat.engine.RuleLoadException;
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
        subcommands = {RulesCommand.Check.class, RulesCommand.ListRules.class})
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
                out.println("OK: " + files.size() + " rule files, " + kb.rules().size() + " limitations, "
                        + kb.ruleIds().size() + " rules, knowledge base " + kb.version());
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
}
