package io.caveat.cli;

import io.caveat.generate.GeneratorSize;
import io.caveat.generate.SnapshotGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** caveat generate: a synthetic cluster + PCE snapshot of a chosen size, for benchmarks and trials. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write a deterministic synthetic snapshot (kubectl-style lists and PCE API JSON) of the "
                + "given size; evaluate it like any snapshot.",
        footer = {"", "Presets: small (10 nodes, 300 pods), medium (700 nodes, 20,000 pods), max (5,000 nodes, "
                + "150,000 pods, 10,000 services, 1,000 namespaces, 2,000 rule sets of 10 rules). Options given "
                + "after the preset override it.", "", "Exit status: 0 written; 2 usage error."})
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "new or empty directory to write")
    Path out;

    @Option(names = "--preset", defaultValue = "small", description = "small, medium or max (default: small)")
    String preset;

    @Option(names = "--nodes", paramLabel = "N")
    Integer nodes;

    @Option(names = "--pods", paramLabel = "N")
    Integer pods;

    @Option(names = "--services", paramLabel = "N")
    Integer services;

    @Option(names = "--namespaces", paramLabel = "N")
    Integer namespaces;

    @Option(names = "--rule-sets", paramLabel = "N", description = "PCE rule sets")
    Integer ruleSets;

    @Option(names = "--rules-per-set", paramLabel = "N")
    Integer rulesPerSet;

    @Option(names = "--openshift-ovn", description = "an OpenShift cluster with OVN-Kubernetes")
    boolean openshiftOvn;

    @Option(names = "--seed", paramLabel = "S", description = "same seed, same snapshot (default: 1)")
    Long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        GeneratorSize size;
        try {
            GeneratorSize base = GeneratorSize.preset(preset);
            size = new GeneratorSize(or(nodes, base.nodes()), or(pods, base.pods()), or(services, base.services()),
                    or(namespaces, base.namespaces()), or(ruleSets, base.ruleSets()),
                    or(rulesPerSet, base.rulesPerSet()), openshiftOvn, seed != null ? seed : base.seed());
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("caveat: " + e.getMessage());
            return Main.EXIT_INPUT;
        }
        if (Files.isDirectory(out)) {
            try (Stream<Path> entries = Files.list(out)) {
                if (entries.findAny().isPresent()) {
                    spec.commandLine().getErr().println("caveat: " + out + " is not empty; give a new or empty "
                            + "directory");
                    return Main.EXIT_INPUT;
                }
            }
        }
        long start = System.nanoTime();
        boolean created = !Files.exists(out);
        try {
            SnapshotGenerator.generate(size, out);
        } catch (IOException | RuntimeException e) {
            // Half a snapshot would pass for a small cluster: take back what was written.
            if (created) {
                io.caveat.collect.Directories.delete(out);
            } else {
                io.caveat.collect.Directories.delete(out.resolve("cluster"));
                io.caveat.collect.Directories.delete(out.resolve("pce"));
            }
            throw e;
        }
        spec.commandLine().getOut().printf("generated %s in %.1f s: %,d nodes, %,d pods, %,d services, %,d "
                        + "namespaces, %,d rule sets of %d rules%s%n", out, (System.nanoTime() - start) / 1e9,
                size.nodes(), size.pods(), size.services(), size.namespaces(), size.ruleSets(), size.rulesPerSet(),
                size.openshiftOvn() ? ", OpenShift OVN-Kubernetes" : "");
        return 0;
    }

    private static int or(Integer given, int preset) {
        return given != null ? given : preset;
    }
}
