package io.caveat.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.caveat.TestPaths;
import io.caveat.generate.GeneratorSize;
import io.caveat.generate.SnapshotGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lean reader skips only what no fact is built from: the same facts and summary as full trees, everywhere. */
class LeanTreeTest {
    @TempDir
    Path dir;

    @Test
    void leanAndFullTreesGiveTheSameFacts() throws IOException {
        List<Path> inputs = new ArrayList<>(List.of(TestPaths.demo(), TestPaths.realdata("")));
        try (Stream<Path> scenarios = Files.walk(TestPaths.rules())) {
            scenarios.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(inputs::add);
        }
        Path big = Files.createDirectories(dir.resolve("big-number"));
        Files.writeString(big.resolve("pod.json"), """
                {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a", "namespace": "n",
                 "generation": 99999999999999999999}, "spec": {"containers": [{"name": "c", "image": "x"}]},
                 "status": {"phase": "Running", "ratio": 0.5}}
                """);
        inputs.add(big);
        Path generated = dir.resolve("generated");
        SnapshotGenerator.generate(new GeneratorSize(12, 200, 30, 6, 12, 10, true, 7), generated);
        inputs.add(generated);
        for (Path input : inputs) {
            Snapshot lean = SnapshotLoader.load(input);
            Snapshot full = SnapshotLoader.loadFullTrees(input);
            assertThat(lean.facts().stream().map(Object::toString).sorted().toList())
                    .as(input.toString()).isEqualTo(full.facts().stream().map(Object::toString).sorted().toList());
            assertThat(lean.summary()).as(input.toString()).isEqualTo(full.summary());
        }
        assertThat(SnapshotLoader.load(big).summary().problems()).isEmpty();
    }
}
