package io.caveat.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.caveat.engine.Evaluator;
import io.caveat.engine.KnowledgeBase;
import io.caveat.engine.RuleCompiler;
import io.caveat.engine.RuleFile;
import io.caveat.engine.RuleSource;
import io.caveat.load.Snapshot;
import io.caveat.load.SnapshotLoader;
import io.caveat.model.Evaluation;
import io.caveat.render.JsonRenderer;
import io.caveat.render.TableRenderer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * One preset's phases in this (fresh) JVM, so that rule compilation is measured cold: compile, parse, load (parse +
 * facts), insert + fire, render, and the hand-written baseline on the same facts, whose findings must equal the
 * engine's. Prints one line of key=value results for {@link Bench} to tabulate.
 */
final class PhaseRun {
    /** Repetitions of the engine and the baseline on the loaded facts; the best counts (the first is also shown). */
    private static final int REPEATS = 3;

    private static final byte[] IDLE_RULE = """
            package limitations;
            import io.caveat.model.*;
            rule "floor"
                @id("KL-000") @title("never matches") @severity("info") @docs("https://example.com/floor")
                @remediation("None.")
            when
                Cluster( name == "no such cluster" )
            then
            end
            """.getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private PhaseRun() {
    }

    static Map<String, String> run(Path snapshotDir, Path rules) throws IOException {
        Map<String, String> out = new TreeMap<>();
        Timed<KnowledgeBase> compile = Timed.of(() -> RuleCompiler.compile(RuleSource.directory(rules)));
        out.put("compileMs", ms(compile.nanos()));
        Timed<Long> parse = Timed.of(() -> parseOnly(snapshotDir));
        out.put("parseMs", ms(parse.nanos()));
        out.put("bytes", Long.toString(parse.value()));
        Timed<Snapshot> load = Timed.of(() -> SnapshotLoader.load(snapshotDir));
        out.put("loadMs", ms(load.nanos()));
        out.put("loadHeap", Long.toString(load.heapPeak()));
        Snapshot snapshot = load.value();
        out.put("facts", Integer.toString(snapshot.facts().size()));

        List<Timed<Evaluation>> engine = new ArrayList<>();
        List<Timed<List<String>>> baseline = new ArrayList<>();
        for (int i = 0; i < REPEATS; i++) {
            engine.add(Timed.of(() -> Evaluator.evaluate(compile.value(), snapshot)));
            baseline.add(Timed.of(() -> Baseline.findings(snapshot)));
        }
        // The floor of any Rete evaluation: the same facts inserted into a knowledge base whose one rule never
        // matches. What the engine costs beyond it is the rules' matching.
        KnowledgeBase idle = RuleCompiler.compile(List.of(new RuleFile("limitations/floor.drl", IDLE_RULE)));
        List<Timed<Evaluation>> floor = new ArrayList<>();
        for (int i = 0; i < REPEATS; i++) {
            floor.add(Timed.of(() -> Evaluator.evaluate(idle, snapshot)));
        }
        out.put("insertOnlyMs", ms(best(floor)));
        Evaluation evaluation = engine.get(0).value();
        out.put("fireFirstMs", ms(engine.get(0).nanos()));
        out.put("fireMs", ms(best(engine)));
        out.put("fireHeap", Long.toString(engine.stream().mapToLong(Timed::heapPeak).max().orElse(0)));
        out.put("baselineMs", ms(best(baseline)));
        out.put("findings", Integer.toString(evaluation.findings().size()));

        // Compared on the limitations both know: the baseline mirrors the six seed ones, the rules may hold more or
        // fewer (an analyst adds and removes limitations; the yardstick stays).
        java.util.Set<String> both = new java.util.HashSet<>(Baseline.IDS);
        both.retainAll(compile.value().rules().stream().map(r -> r.id()).toList());
        List<String> fromEngine = evaluation.findings().stream().filter(f -> both.contains(f.ruleId()))
                .map(f -> f.ruleId() + " " + f.severity().label() + " " + f.subject()).distinct().sorted().toList();
        List<String> fromBaseline = baseline.get(0).value().stream()
                .filter(line -> both.contains(line.substring(0, line.indexOf(' ')))).toList();
        out.put("comparedLimitations", String.join(",", new java.util.TreeSet<>(both)));
        out.put("agree", Boolean.toString(fromEngine.equals(fromBaseline)));
        if (!fromEngine.equals(fromBaseline)) {
            List<String> onlyEngine = new ArrayList<>(fromEngine);
            onlyEngine.removeAll(fromBaseline);
            List<String> onlyBaseline = new ArrayList<>(fromBaseline);
            onlyBaseline.removeAll(fromEngine);
            out.put("onlyEngine", String.join("; ", onlyEngine.stream().limit(5).toList()));
            out.put("onlyBaseline", String.join("; ", onlyBaseline.stream().limit(5).toList()));
        }

        Timed<Integer> render = Timed.of(() -> TableRenderer.render(evaluation).length()
                + JsonRenderer.render(evaluation).length());
        out.put("renderMs", ms(render.nanos()));
        out.put("renderChars", Integer.toString(render.value()));
        out.put("peakRss", Long.toString(Memory.peakRss(ProcessHandle.current().pid())));
        out.put("maxHeap", Long.toString(Runtime.getRuntime().maxMemory()));
        return out;
    }

    /** The JSON/YAML token stream of every file, parsed and dropped: the floor of any loader. */
    private static long parseOnly(Path dir) {
        JsonFactory json = new JsonFactory();
        YAMLFactory yaml = new YAMLFactory();
        long bytes = 0;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = file.getFileName().toString();
                boolean isYaml = name.endsWith(".yaml") || name.endsWith(".yml");
                if (!isYaml && !name.endsWith(".json")) {
                    continue;
                }
                bytes += Files.size(file);
                try (InputStream in = Files.newInputStream(file);
                     JsonParser parser = (isYaml ? yaml : json).createParser(in)) {
                    while (parser.nextToken() != null) {
                        // Every token read, none kept.
                    }
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes;
    }

    private static long best(List<? extends Timed<?>> runs) {
        return runs.stream().mapToLong(Timed::nanos).min().orElse(0);
    }

    private static String ms(long nanos) {
        return Long.toString(nanos / 1_000_000);
    }

    /** A value with the wall time and peak heap of computing it. */
    record Timed<T>(T value, long nanos, long heapPeak) {
        static <T> Timed<T> of(Supplier<T> work) {
            System.gc();
            Memory.resetHeapPeak();
            long start = System.nanoTime();
            T value = work.get();
            return new Timed<>(value, System.nanoTime() - start, Memory.heapPeak());
        }
    }
}
