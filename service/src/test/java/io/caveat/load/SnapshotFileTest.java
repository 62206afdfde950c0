package io.caveat.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.caveat.TestPaths;
import io.caveat.engine.Evaluator;
import io.caveat.engine.KnowledgeBase;
import io.caveat.engine.RuleCompiler;
import io.caveat.engine.RuleSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotFileTest {
    @TempDir
    Path dir;

    @Test
    void aSnapshotWrittenAndReadBackHasTheSameFactsAndGivesTheSameEvaluation() throws IOException {
        Snapshot demo = SnapshotLoader.load(TestPaths.demo());
        Path file = Files.write(dir.resolve(SnapshotFile.NAME), SnapshotFile.write(demo));
        Snapshot back = SnapshotFile.read(file);
        assertThat(back.facts()).isEqualTo(demo.facts());
        assertThat(back.summary()).isEqualTo(demo.summary());
        assertThat(back.sources()).isEqualTo(demo.sources());
        KnowledgeBase kb = RuleCompiler.compile(RuleSource.directory(TestPaths.knowledgeBase()));
        assertThat(Evaluator.evaluate(kb, back).findings()).isEqualTo(Evaluator.evaluate(kb, demo).findings());
    }
}
