package io.caveat.cli;

import io.caveat.collect.CollectionReport;
import io.caveat.collect.LiveCollection;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** caveat snapshot --out DIR: read the cluster and the PCE now and keep it for later, for a diff, or for support. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = "Collect the cluster and the PCE, read-only, into a snapshot directory (the offline format "
                + "of evaluate, plus manifest.json).",
        footer = {"", "Exit status: 0 written (what could not be read is in the manifest and on stderr); 2 usage "
                + "error or nothing could be read."})
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
        if (Files.isDirectory(out) && !Files.exists(out.resolve("manifest.json")) && !isEmpty(out)) {
            err.println("caveat: " + out + " is a directory that holds something else than a caveat snapshot");
            return Main.EXIT_INPUT;
        }
        TempFiles.clear(out);
        CollectionReport report = LiveCollection.collect(collect.settings(), out, System.getenv(),
                new CollectionReport(err));
        long objects = report.objects().values().stream().mapToLong(Long::longValue).sum();
        spec.commandLine().getOut().println("snapshot written to " + out + ": " + objects + " objects"
                + (report.unreadable().isEmpty() ? "" : "; could not read " + report.unreadable().size()
                + " source(s), listed in manifest.json"));
        return objects == 0 ? Main.EXIT_INPUT : 0;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
