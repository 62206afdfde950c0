package io.caveat.generate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a deterministic synthetic snapshot in the real input formats: cluster/ as kubectl writes it, pce/ as the
 * PCE API answers. The same size and seed give the same bytes. Memory stays that of one object: everything is
 * computed from indexes and streamed.
 */
public final class SnapshotGenerator {
    private SnapshotGenerator() {
    }

    public static void generate(GeneratorSize size, Path out) throws IOException {
        ClusterPlan plan = new ClusterPlan(size);
        new KubernetesWriter(plan).write(Files.createDirectories(out.resolve("cluster")));
        new PceWriter(plan).write(Files.createDirectories(out.resolve("pce")));
    }
}
