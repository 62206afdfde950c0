package io.caveat.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caveat.load.Snapshot;
import io.caveat.load.SnapshotLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotGeneratorTest {
    @TempDir
    Path dir;

    @Test
    void theSnapshotHasTheAskedSizeInTheRealFormats() throws IOException {
        GeneratorSize size = new GeneratorSize(40, 1_000, 120, 12, 24, 10, true, 5);
        SnapshotGenerator.generate(size, dir);
        Snapshot snapshot = SnapshotLoader.load(dir);
        assertThat(snapshot.summary().problems()).isEmpty();
        assertThat(snapshot.summary().facts()).containsEntry("Pod", 1_000).containsEntry("Node", 40)
                .containsEntry("Service", 120).containsEntry("ContainerHost", 40)
                .containsEntry("VirtualService", 120).containsEntry("ServiceBackend", 120)
                .containsEntry("SecurityRule", 240).containsEntry("ContainerWorkloadProfile", 12);
        long hostNetwork = snapshot.facts().stream()
                .filter(f -> f instanceof io.caveat.model.Pod p && p.hostNetwork()).count();
        assertThat(hostNetwork).as("the C-VEN and node-exporter on every node").isEqualTo(80);
        assertThat(snapshot.facts()).anySatisfy(f -> assertThat(f).isInstanceOfSatisfying(io.caveat.model.Cluster.class,
                c -> assertThat(c.networkType()).isEqualTo("OVNKubernetes")));
        // Real pods weigh a few KB in kubectl's output: so must these, or the benchmark measures too little.
        long podBytes = Files.size(dir.resolve("cluster/pods.json")) / 1_000;
        assertThat(podBytes).isBetween(2_000L, 8_000L);
    }

    @Test
    void theSameSeedGivesTheSameBytes() throws IOException {
        GeneratorSize size = new GeneratorSize(10, 300, 40, 10, 20, 10, false, 9);
        SnapshotGenerator.generate(size, dir.resolve("a"));
        SnapshotGenerator.generate(size, dir.resolve("b"));
        for (String file : new String[] {"cluster/pods.json", "pce/rule_sets.json", "pce/workloads.json"}) {
            assertThat(Files.readAllBytes(dir.resolve("a").resolve(file)))
                    .isEqualTo(Files.readAllBytes(dir.resolve("b").resolve(file)));
        }
    }

    @Test
    void tooFewPodsForTheNodesIsRefusedWithTheMinimum() {
        assertThatThrownBy(() -> new GeneratorSize(100, 200, 10, 5, 10, 10, false, 1))
                .hasMessageContaining("--pods must be at least 301");
    }

    @Test
    void noServicesAndAbsurdSizesAreHandled() throws IOException {
        SnapshotGenerator.generate(new GeneratorSize(3, 10, 0, 1, 2, 10, false, 1), dir.resolve("none"));
        assertThat(SnapshotLoader.load(dir.resolve("none")).summary().facts()).containsEntry("Pod", 10)
                .doesNotContainKey("Service");
        assertThatThrownBy(() -> new GeneratorSize(1_000_000_000, 10, 0, 1, 2, 10, false, 1))
                .hasMessageContaining("at most 50000 nodes");
        assertThatThrownBy(() -> new GeneratorSize(10, 300, 10, 5, 100_000, 1_000, false, 1))
                .hasMessageContaining("rules");
    }

    @Test
    void theCommandRefusesANonEmptyDirectory() throws IOException {
        Files.writeString(dir.resolve("keep.txt"), "mine");
        java.io.StringWriter err = new java.io.StringWriter();
        int status = io.caveat.cli.Main.run(new java.io.PrintWriter(new java.io.StringWriter()),
                new java.io.PrintWriter(err, true), "generate", "--out", dir.toString());
        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("is not empty");
        assertThat(dir.resolve("keep.txt")).hasContent("mine");
    }
}
