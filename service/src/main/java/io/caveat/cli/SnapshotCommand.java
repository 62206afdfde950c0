package io.caveat.cli;

import io.caveat.collect.CollectionReport;
import io.caveat.collect.Directories;
import io.caveat.collect.LiveCollection;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** caveat snapshot --out DIR: read the cluster and the PCE now and keep it for later, for a diff, or for support. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = "Collect the cluster and the PCE, read-only, into a snapshot directory (the offline format "
                + "of evaluate, plus manifest.json).",
        footer = {"", "Exit status: 0 written, every source read; 2 usage error, nothing could be read (nothing "
                + "written), or a source could not be read (written with what was read; what was not is in the "
                + "manifest and on stderr)."})
final class SnapshotCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "directory to write (new or a "
            + "previous snapshot, which is replaced)")
    Path out;

    @Mixin
    CollectOptions collect;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Path target = out.toAbsolutePath().normalize();
        if (Files.exists(target) && !SnapshotDirectory.replaceable(target)) {
            err.println("caveat: " + out + " holds something else than a caveat snapshot; give a new or empty "
                    + "directory, or a previous snapshot");
            return Main.EXIT_INPUT;
        }
        // Collect beside the target and swap it in only when complete: a failed run leaves the old snapshot whole.
        Files.createDirectories(target.getParent());
        Path staging = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".new-");
        try {
            CollectionReport report = LiveCollection.collect(collect.settings(), staging, System.getenv(),
                    new CollectionReport(err));
            long objects = report.objects().values().stream().mapToLong(Long::longValue).sum();
            if (objects == 0 && report.read().isEmpty()) {
                err.println("caveat: nothing could be read; " + out + " is left as it was");
                return Main.EXIT_INPUT;
            }
            SnapshotDirectory.replace(target, staging);
            spec.commandLine().getOut().println("snapshot written to " + out + ": " + objects + " objects"
                    + (report.unreadable().isEmpty() ? "" : "; could not read " + report.unreadable().size()
                    + " source(s), listed in manifest.json"));
            // Written with what was read, but incomplete: the exit says so.
            return report.unreadable().isEmpty() ? 0 : Main.EXIT_INPUT;
        } finally {
            Directories.delete(staging);
        }
    }
}
