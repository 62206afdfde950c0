package io.caveat.cli;

import io.caveat.engine.RuleLoadException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** caveat's command line. */
@Command(name = "caveat", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Tells which documented Illumio limitation bites your Kubernetes/OpenShift cluster, "
                + "on which object, why, and what to do.",
        subcommands = {EvaluateCommand.class, SnapshotCommand.class, ReportCommand.class, ServeCommand.class,
                GenerateCommand.class,
                RulesCommand.class, CompletionCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {
    /** Usage errors and unreadable input. */
    static final int EXIT_INPUT = 2;
    /** caveat report: the run was written, but its policy reports could not be published. */
    static final int EXIT_PUBLISH = 3;

    /** What "-" as a snapshot reads. */
    final java.io.InputStream stdin;

    Main() {
        this(System.in);
    }

    private Main(java.io.InputStream stdin) {
        this.stdin = stdin;
    }

    public static void main(String[] args) {
        int status = run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
        System.exit(status);
    }

    /** Runs a command line, writing to the given streams, and returns its exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(System.in, out, err, args);
    }

    /** Runs a command line that reads "-" from the given stream. */
    public static int run(java.io.InputStream stdin, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main(stdin));
        HelpLayout.apply(cli);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(e -> EXIT_INPUT);
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("caveat: " + ex.getMessage());
            ex.getCommandLine().usage(ex.getCommandLine().getErr());
            return EXIT_INPUT;
        });
        // Bad input (rules that do not load, an unreadable snapshot, waivers or config) ends every command alike.
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter to = commandLine.getErr();
            if (ex instanceof RuleLoadException rules) {
                to.println("caveat: the rules do not load:");
                rules.diagnostics().forEach(d -> to.println("  " + d));
            } else {
                to.println("caveat: " + ex.getMessage());
            }
            return EXIT_INPUT;
        });
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            err.println("caveat: out of memory (the Java heap holds at most "
                    + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB): the snapshot needs more; give it more"
                    + " with CAVEAT_JAVA_OPTS=-Xmx<size>, or evaluate a part of it");
            return EXIT_INPUT;
        } catch (StackOverflowError e) {
            err.println("caveat: an input or a rule is nested too deeply to read (the stack ran out); nothing was"
                    + " evaluated");
            return EXIT_INPUT;
        }
    }
}
