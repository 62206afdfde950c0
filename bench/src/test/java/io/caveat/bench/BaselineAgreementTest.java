package io.caveat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.caveat.engine.Evaluator;
import io.caveat.engine.KnowledgeBase;
import io.caveat.engine.RuleCompiler;
import io.caveat.engine.RuleSource;
import io.caveat.generate.GeneratorSize;
import io.caveat.generate.SnapshotGenerator;
import io.caveat.load.Snapshot;
import io.caveat.load.SnapshotLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-written baseline and the six seed limitations of the test knowledge base give the same findings (rule,
 * severity, subject) on generated clusters of both platforms, the demo and every scenario: a cross-check of the
 * engine, and what makes the benchmark's ratio meaningful. The test knowledge base is frozen, so an analyst's change
 * to rules/ never breaks this test. Correctness only: timings are the benchmark's business.
 */
class BaselineAgreementTest {
    private static final Path REPO = Path.of(System.getProperty("caveat.repo", ".."));
    private static final Path KNOWLEDGE_BASE = REPO.resolve("service/src/test/resources/knowledge-base");

    @TempDir
    Path dir;

    @Test
    void engineAndBaselineAgreeEverywhere() throws IOException {
        KnowledgeBase kb = RuleCompiler.compile(RuleSource.directory(KNOWLEDGE_BASE));
        List<Path> inputs = new ArrayList<>(List.of(REPO.resolve("docs/examples/demo")));
        for (boolean ovn : new boolean[] {false, true}) {
            Path generated = dir.resolve(ovn ? "ovn" : "kubernetes");
            SnapshotGenerator.generate(new GeneratorSize(520, 2_500, 300, 25, 50, 10, ovn, 3), generated);
            inputs.add(generated);
        }
        try (Stream<Path> scenarios = Files.walk(KNOWLEDGE_BASE.resolve("limitations"))) {
            scenarios.filter(p -> p.getFileName().toString().matches("(fires|passes)\\..*\\.yaml")).sorted().forEach(inputs::add);
        }
        int findings = 0;
        for (Path input : inputs) {
            Snapshot snapshot = SnapshotLoader.load(input);
            List<String> engine = Evaluator.evaluate(kb, snapshot).findings().stream()
                    .map(f -> f.ruleId() + " " + f.severity().label() + " " + f.subject()).distinct().sorted().toList();
            assertThat(Baseline.findings(snapshot)).as(input.toString()).isEqualTo(engine);
            findings += engine.size();
        }
        assertThat(findings).as("the inputs must exercise the checks").isGreaterThan(50);
    }

    @Test
    void theGeneratedClusterShowsEveryLimitation() throws IOException {
        Path generated = dir.resolve("ovn");
        SnapshotGenerator.generate(new GeneratorSize(520, 2_500, 300, 25, 50, 10, true, 3), generated);
        List<String> rules = Evaluator.evaluate(RuleCompiler.compile(RuleSource.directory(KNOWLEDGE_BASE)),
                SnapshotLoader.load(generated)).findings().stream().map(f -> f.ruleId()).distinct().sorted().toList();
        assertThat(rules).containsExactly("KL-001", "KL-002", "KL-003", "KL-004", "KL-005", "KL-006");
    }
}
