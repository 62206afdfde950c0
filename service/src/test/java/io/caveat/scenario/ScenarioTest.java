package io.caveat.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.caveat.TestPaths;
import io.caveat.engine.KnowledgeBase;
import io.caveat.engine.RuleCompiler;
import io.caveat.engine.RuleSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every scenario beside the rules (rules/.../KL-00N/fires.*.yaml, passes.*.yaml) and fails the build when a
 * rule has no scenario of either kind. -Dscenario=KL-004 runs one rule's scenarios.
 */
class ScenarioTest {
    private static KnowledgeBase kb;

    @BeforeAll
    static void compile() {
        kb = RuleCompiler.compile(RuleSource.directory(TestPaths.rules()));
    }

    @TestFactory
    Stream<DynamicTest> scenarios() {
        String only = System.getProperty("scenario");
        List<Path> files = ScenarioRunner.find(TestPaths.rules());
        assertThat(files).isNotEmpty();
        return files.stream().map(Scenario::read)
                .filter(s -> only == null || s.rule().equals(only))
                .map(s -> DynamicTest.dynamicTest(s.rule() + " " + TestPaths.rules().relativize(s.file()), () -> {
                    ScenarioRunner.Result result = ScenarioRunner.run(kb, s);
                    assertThat(result.problems()).as("%s: %s", s.file().getFileName(), s.description()).isEmpty();
                }));
    }

    @Test
    void everyLimitationHasFiresAndPassesScenariosInItsFolderNamingIt() {
        List<Scenario> scenarios = ScenarioRunner.find(TestPaths.rules()).stream().map(Scenario::read).toList();
        assertThat(ScenarioRunner.coverage(kb, TestPaths.rules(), scenarios)).isEmpty();
    }

    @Test
    void everyTermOfTheVocabularyHasAScenario() throws IOException {
        List<String> declared;
        try (Stream<Path> walk = Files.walk(TestPaths.rules().resolve("vocabulary"))) {
            declared = walk.filter(p -> p.toString().endsWith(".drl")).flatMap(p -> {
                try {
                    return java.util.regex.Pattern.compile("(?m)^declare (\\w+)").matcher(Files.readString(p))
                            .results().map(m -> m.group(1)).toList().stream();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        List<String> derived = ScenarioRunner.find(TestPaths.rules()).stream().map(Scenario::read)
                .filter(Scenario::derives).map(Scenario::rule).toList();
        assertThat(declared).isNotEmpty().allSatisfy(term -> assertThat(derived).as("derives scenarios of " + term)
                .contains(term));
    }

    @Test
    void theCheckedInCatalogIsCurrent() throws IOException {
        String generated = Catalog.markdown(kb, RuleSource.directory(TestPaths.rules()), TestPaths.rules());
        assertThat(Files.readString(TestPaths.repo().resolve("docs/rules.md")))
                .as("docs/rules.md is stale: run ./caveat rules docs --out docs/rules.md").isEqualTo(generated);
    }

    @Test
    void theAnalystGuidesFactTableIsCurrentAndNamesEveryFactKind() throws IOException {
        String guide = Files.readString(TestPaths.rules().resolve("README.md"));
        assertThat(guide).as("rules/README.md fact table is stale: run ./caveat rules docs --out docs/rules.md")
                .isEqualTo(FactTable.refresh(guide)).contains(FactTable.BEGIN);
        List<String> described = guide.lines().filter(l -> l.startsWith("| `"))
                .map(l -> l.substring(2, l.indexOf('|', 2))).toList();
        for (String kind : io.caveat.model.FactKinds.names()) {
            assertThat(described).as("the meaning of " + kind + " in rules/README.md")
                    .anyMatch(cell -> cell.contains("`" + kind + "`"));
        }
    }

    @Test
    void theGeneratedFieldsComeFromTheRecordAndItsHelpers() {
        assertThat(FactTable.fields(io.caveat.model.ServicePort.class))
                .contains("`port: int`", "`protocol: String`", "`portProtocol(): String`", "`key(): String`");
        assertThat(FactTable.fields(io.caveat.model.Workload.class))
                .contains("`settings: Map<String, String>`", "`setting(String): String`");
    }

    @Test
    void aWrongExpectationIsShownAgainstWhatCameOut() throws IOException {
        Path copy = Files.createTempDirectory("caveat-rules-");
        TestPaths.copyTree(TestPaths.knowledgeBase(), copy);
        Path scenario = copy.resolve("limitations/KL-004-non-clas-mixed-protocol-service/fires.seed-example.yaml");
        Files.writeString(scenario, Files.readString(scenario).replace("8081/TCP", "8082/TCP"));
        java.io.StringWriter out = new java.io.StringWriter();
        int status = io.caveat.cli.Main.run(new java.io.PrintWriter(out, true), new java.io.PrintWriter(
                new java.io.StringWriter()), "rules", "test", copy.toString());
        assertThat(status).isEqualTo(1);
        assertThat(out.toString()).contains("FAIL KL-004", "message lacks \"8080/UDP, 8082/TCP\"; it reads: ", "1 failed");
    }

    @Test
    void aCopiedFolderWhoseScenariosStillNameTheOriginalFailsRulesTest() throws IOException {
        Path copy = TestPaths.copyTree(TestPaths.knowledgeBase(), Files.createTempDirectory("caveat-rules-"));
        Path from = copy.resolve("limitations/KL-005-openshift-ovn-nodeport");
        Path to = TestPaths.copyTree(from, copy.resolve("limitations/KL-905-copy"));
        Files.writeString(to.resolve("limitation.yaml"), Files.readString(to.resolve("limitation.yaml"))
                .replace("id: KL-005", "id: KL-905"));
        Files.writeString(to.resolve("KL-005.drl"), Files.readString(to.resolve("KL-005.drl"))
                .replace("rule \"KL-005", "rule \"KL-905"));
        java.io.StringWriter out = new java.io.StringWriter();
        int status = io.caveat.cli.Main.run(new java.io.PrintWriter(out, true), new java.io.PrintWriter(
                new java.io.StringWriter()), "rules", "test", copy.toString());
        assertThat(status).isEqualTo(1);
        assertThat(out.toString()).contains("MISSING KL-905: no fires.<case>.yaml scenario",
                "lies in KL-905's folder but names rule KL-005", "missing");
    }

    @Test
    void aWrongSeverityIsShownAgainstWhatCameOut() throws IOException {
        Path copy = Files.createTempDirectory("caveat-rules-");
        TestPaths.copyTree(TestPaths.knowledgeBase(), copy);
        Path scenario = copy.resolve("limitations/KL-006-nodeport-needs-enforced-hosts/fires.hosts-selective.yaml");
        Files.writeString(scenario, Files.readString(scenario).replace("severity: medium", "severity: high"));
        java.io.StringWriter out = new java.io.StringWriter();
        int status = io.caveat.cli.Main.run(new java.io.PrintWriter(out, true), new java.io.PrintWriter(
                new java.io.StringWriter()), "rules", "test", copy.toString());
        assertThat(status).isEqualTo(1);
        assertThat(out.toString()).contains("FAIL KL-006", "finding on Service/shop/storefront: severity: expected "
                + "high, got medium", "1 failed");
    }
}
