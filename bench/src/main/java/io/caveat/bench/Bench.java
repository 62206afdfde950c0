package io.caveat.bench;

import io.caveat.generate.GeneratorSize;
import io.caveat.generate.SnapshotGenerator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmark: for each preset, generate the snapshot (kept for the next run), measure its phases in a fresh
 * JVM limited to the target heap (so rule compilation is cold), then `caveat evaluate` end to end as a user runs
 * it; print a Markdown table (docs/performance.md holds the last one). Fails when the engine's findings differ from
 * the hand-written baseline's.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark caveat on generated snapshots against a hand-written baseline of the same checks.")
public final class Bench implements Callable<Integer> {
    @Option(names = "--presets", split = ",", defaultValue = "demo,small,medium,max",
            description = "presets to run (default: demo,small,medium,max; demo is docs/examples/demo)")
    List<String> presets;

    @Option(names = "--work", defaultValue = "target/bench-snapshots",
            description = "where generated snapshots are kept between runs (default: ${DEFAULT-VALUE})")
    Path work;

    @Option(names = "--rules", required = true, description = "the rules directory")
    Path rules;

    @Option(names = "--jar", required = true, description = "caveat.jar")
    Path jar;

    @Option(names = "--launcher", required = true, description = "the ./caveat launcher, for the end-to-end runs")
    Path launcher;

    @Option(names = "--heap", description = "-Xmx of the measured JVMs (default: the phases at 1g, `caveat"
            + " evaluate` as the launcher sizes it)")
    String heap;

    @Option(names = "--phases", hidden = true, description = "internal: measure the phases of one snapshot here")
    Path phasesOf;

    /** Bump when the generator writes differently: kept snapshots of an older format are generated again. */
    private static final String SNAPSHOT_FORMAT = "format 1";

    public static void main(String[] args) {
        System.exit(new CommandLine(new Bench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (phasesOf != null) {
            PhaseRun.run(phasesOf, rules).forEach((k, v) -> System.out.println(k + "=" + v));
            return 0;
        }
        List<Map<String, String>> rows = new ArrayList<>();
        Map<String, Map<String, String>> previous = LastRun.read(work.resolve(LastRun.FILE));
        boolean agree = true;
        generate(GeneratorSize.preset("small"), work.resolve("small"));
        EndToEnd.prepare(launcher, rules, work.resolve("small"), heap);
        for (String preset : presets) {
            // The demo is the snapshot users run first: measured as it is, not generated.
            boolean demo = preset.equals("demo");
            Path dir = demo ? rules.toAbsolutePath().getParent().resolve("docs/examples/demo") : work.resolve(preset);
            long generateMs = demo ? -1 : generate(GeneratorSize.preset(preset), dir);
            Map<String, String> row = new LinkedHashMap<>(phases(dir));
            row.put("preset", preset);
            row.put("generateMs", generateMs < 0 ? "kept" : Long.toString(generateMs));
            row.putAll(EndToEnd.evaluate(launcher, rules, dir, heap));
            rows.add(row);
            // The baseline holds the seed checks as the test knowledge base has them; the live KL-006 also weighs
            // a namespace's own enforcement, which the demo has and generated clusters do not.
            if (demo) {
                row.put("compared", "no");
            } else {
                agree &= Boolean.parseBoolean(row.get("agree"));
            }
            System.err.println("bench: " + preset + " done: " + row);
        }
        System.out.println(Report.markdown(rows, previous, heap));
        LastRun.write(work.resolve(LastRun.FILE), rows);
        if (!agree) {
            System.err.println("bench: the engine's findings differ from the baseline's (see onlyEngine/onlyBaseline)");
            return 3;
        }
        return 0;
    }

    /** Generates the preset's snapshot unless a complete one is kept from an earlier run; its time, or -1. */
    private static long generate(GeneratorSize size, Path dir) throws IOException {
        Path done = dir.resolve(".complete");
        if (Files.exists(done) && Files.readString(done).equals(size + " " + SNAPSHOT_FORMAT)) {
            return -1;
        }
        if (Files.exists(dir)) {
            io.caveat.collect.Directories.delete(dir);
        }
        long start = System.nanoTime();
        SnapshotGenerator.generate(size, dir);
        Files.writeString(done, size + " " + SNAPSHOT_FORMAT);
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** The phases, measured in a child JVM with the target heap. */
    private Map<String, String> phases(Path dir) throws IOException, InterruptedException {
        // As the launcher runs one-shot commands: the parallel collector and the class-data archive.
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx" + (heap == null ? "1g" : heap),
                "-XX:+UseParallelGC"));
        Path archive = jar.resolveSibling("caveat.jsa");
        if (Files.exists(archive)) {
            command.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Bench.class.getName(), "--phases",
                dir.toString(), "--rules", rules.toString(), "--jar", jar.toString(), "--launcher",
                launcher.toString()));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Map<String, String> values = new LinkedHashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    values.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        if (child.waitFor() != 0) {
            throw new IllegalStateException("the phase run of " + dir + " failed (exit " + child.exitValue() + ")");
        }
        return values;
    }

    static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** "2 cores, 23 GiB, OpenJDK 17.0.x, Linux 6.x": the machine the figures come from. */
    static String machine() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        long memory = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() : -1;
        return Runtime.getRuntime().availableProcessors() + " cores, "
                + (memory < 0 ? "?" : memory / (1024L * 1024 * 1024) + " GiB") + " RAM, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.version");
    }
}
