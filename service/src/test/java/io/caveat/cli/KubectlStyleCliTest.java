package io.caveat.cli;

import static io.caveat.cli.EvaluateCommandTest.caveat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.caveat.TestPaths;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as kubectl users expect it: -o formats, stdin, namespaces and selectors, completion. */
class KubectlStyleCliTest {
    private static final int DEMO_FINDINGS = TestPaths.demoFindings(TestPaths.knowledgeBase());

    @TempDir
    Path dir;

    private static EvaluateCommandTest.Run evaluate(String... more) {
        List<String> args = new ArrayList<>(List.of("evaluate", "--rules=" + TestPaths.knowledgeBase(),
                TestPaths.demo().toString()));
        args.addAll(List.of(more));
        return caveat(args.toArray(String[]::new));
    }

    @Test
    void everyReportFormatComesFromEvaluateWithTheSameFindings() throws Exception {
        EvaluateCommandTest.Run yaml = evaluate("-o", "yaml");
        assertThat(yaml.status()).isEqualTo(1);
        assertThat(new YAMLMapper().readTree(yaml.out()).get("findings")).hasSize(DEMO_FINDINGS);

        EvaluateCommandTest.Run sarif = evaluate("-o", "sarif");
        assertThat(new ObjectMapper().readTree(sarif.out()).at("/runs/0/results")).hasSize(DEMO_FINDINGS);

        EvaluateCommandTest.Run junit = evaluate("--output", "junit");
        var xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(junit.out().getBytes(StandardCharsets.UTF_8)));
        assertThat(xml.getElementsByTagName("failure").getLength()).isEqualTo(DEMO_FINDINGS);

        EvaluateCommandTest.Run csv = evaluate("-o", "csv");
        assertThat(csv.out().lines().count()).isEqualTo(DEMO_FINDINGS + 1);

        EvaluateCommandTest.Run html = evaluate("-o", "html");
        assertThat(html.out()).startsWith("<!DOCTYPE html>").contains("</html>");
    }

    private static List<String> findings(String json) throws IOException {
        List<String> out = new ArrayList<>();
        new ObjectMapper().readTree(json).get("findings").forEach(f -> out.add(f.get("ruleId").asText() + " "
                + f.get("severity").asText() + " " + f.get("subject")));
        return out;
    }

    @Test
    void theDemosFilesPipedIntoStdinGiveTheSameFindingsAsTheDirectory() throws IOException {
        java.io.ByteArrayOutputStream stream = new java.io.ByteArrayOutputStream();
        try (Stream<Path> files = Files.walk(TestPaths.demo())) {
            // YAML documents and JSON values one after another, as `cat` of the files gives them
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                stream.write(Files.readAllBytes(file));
            }
        }
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int status = Main.run(new ByteArrayInputStream(stream.toByteArray()), new java.io.PrintWriter(out, true),
                new java.io.PrintWriter(err, true), "evaluate", "--rules=" + TestPaths.knowledgeBase(), "-o", "json",
                "-");
        assertThat(status).as(err.toString()).isEqualTo(1);
        assertThat(findings(out.toString())).isEqualTo(findings(evaluate("-o", "json").out()));
        assertThat(new ObjectMapper().readTree(out.toString()).at("/snapshot/source").asText()).isEqualTo("stdin");
    }

    @Test
    void aProblemInStdinNamesTheLineOfTheStream() {
        String stream = "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n"
                + "{\"kind\": \"Namespace\", \"metadata\": {\"name\": \"a\"}}\n"
                + "{\"kind\": \"Service\",\n \"metadata\": {\"name\": \"web\", \"namespace\": \"shop\"},\n"
                + " \"spec\": {\"ports\": [{\"port\": 0}]}}\n";
        java.io.StringWriter err = new java.io.StringWriter();
        int status = Main.run(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)),
                new java.io.PrintWriter(new java.io.StringWriter(), true), new java.io.PrintWriter(err, true),
                "evaluate", "--rules=" + TestPaths.knowledgeBase(), "-");
        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("stdin.2.json:7:30: Service shop/web: field spec.ports[0].port");
    }

    @Test
    void sarifOfManifestsLocatesEveryResultAtItsFileAndLineAsCodeScanningNeeds() throws IOException {
        EvaluateCommandTest.Run run = caveat("evaluate", "--rules=" + TestPaths.knowledgeBase(),
                TestPaths.realdata("manifests").toString(), "-o", "sarif");
        assertThat(run.out()).as(run.err()).isNotBlank();
        var schema = com.networknt.schema.SchemaRegistry.withDefaultDialect(
                com.networknt.schema.SpecificationVersion.DRAFT_4).getSchema(
                getClass().getResourceAsStream("/schemas/sarif-2.1.0-rtm.5.json"));
        assertThat(schema.validate(new tools.jackson.databind.ObjectMapper().readTree(run.out())))
                .as("SARIF 2.1.0 schema errors").isEmpty();
        JsonNode sarif = new ObjectMapper().readTree(run.out());
        assertThat(sarif.at("/runs/0/tool/driver/rules")).isNotEmpty().allSatisfy(rule -> {
            assertThat(rule.at("/properties/security-severity").asText()).matches("\\d+\\.\\d");
            assertThat(rule.at("/help/text").asText()).isNotBlank();
            assertThat(rule.at("/shortDescription/text").asText()).isNotBlank();
        });
        assertThat(sarif.at("/runs/0/results")).isNotEmpty().allSatisfy(result -> {
            assertThat(result.at("/message/text").asText()).isNotBlank();
            JsonNode physical = result.at("/locations/0/physicalLocation");
            Path file = Path.of(physical.at("/artifactLocation/uri").asText());
            List<String> lines = Files.readAllLines(file);
            int line = physical.at("/region/startLine").asInt();
            // The object starts on that line: its first key, a document of its own in a multi-document file.
            assertThat(lines.get(line - 1)).as("%s:%d", file, line).matches("(apiVersion|kind|metadata): ?.*");
            String name = result.at("/locations/0/logicalLocations/0/name").asText();
            assertThat(String.join("\n", lines.subList(line - 1, Math.min(lines.size(), line + 12))))
                    .contains("name: " + name);
        });
    }

    @Test
    void namespaceAndSelectorKeepOnlyTheirFindingsAndTheExitFollowsWhatIsShown() throws IOException {
        List<String> all = findings(evaluate("-o", "json").out());
        EvaluateCommandTest.Run shop = evaluate("-o", "json", "-n", "shop");
        JsonNode shown = new ObjectMapper().readTree(shop.out()).get("findings");
        assertThat(shown).isNotEmpty().allSatisfy(f -> assertThat(f.at("/subject/namespace").asText()).isEqualTo("shop"));
        assertThat(all.stream().filter(f -> f.contains("\"namespace\":\"shop\"")).count()).isEqualTo(shown.size());
        assertThat(shop.err()).contains(shown.size() + " of " + all.size() + " findings shown (-n shop)");

        EvaluateCommandTest.Run nothing = evaluate("-n", "no-such-namespace");
        assertThat(nothing.status()).as("no finding shown: nothing to fail on").isZero();

        EvaluateCommandTest.Run labelled = evaluate("-o", "json", "-l", "app.kubernetes.io/name=node-exporter");
        assertThat(new ObjectMapper().readTree(labelled.out()).get("findings")).isNotEmpty()
                .allSatisfy(f -> assertThat(f.at("/subject/name").asText()).isEqualTo("node-exporter"));

        assertThat(evaluate("-l", "app in (").status()).isEqualTo(2);
        assertThat(evaluate("-A", "-n", "shop").status()).isEqualTo(2);
    }

    @Test
    void labelSelectorsReadAsKubectlReadsThem() {
        java.util.Map<String, String> web = java.util.Map.of("app", "web", "tier", "front");
        assertThat(io.caveat.evaluate.LabelSelector.parse("app=web,tier!=db").test(web)).isTrue();
        assertThat(io.caveat.evaluate.LabelSelector.parse("app==web, tier in (front, back)").test(web)).isTrue();
        assertThat(io.caveat.evaluate.LabelSelector.parse("tier notin (front)").test(web)).isFalse();
        assertThat(io.caveat.evaluate.LabelSelector.parse("!legacy,app").test(web)).isTrue();
        assertThat(io.caveat.evaluate.LabelSelector.parse("env!=prod").test(web)).as("absent key").isTrue();
        assertThat(io.caveat.evaluate.LabelSelector.parse("env in (prod)").test(web)).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> io.caveat.evaluate.LabelSelector.parse("app=,"))
                .hasMessageContaining("empty requirement");
    }

    @Test
    void reportFailOnExitsOneOnTheDemosHighFindingsAndZeroWithout() {
        String[] run = {"report", "--rules=" + TestPaths.knowledgeBase(), "--archive=" + dir.resolve("archive"),
            TestPaths.demo().toString()};
        assertThat(caveat(run).status()).as("a CronJob's run succeeds when written").isZero();
        List<String> failing = new ArrayList<>(List.of(run));
        failing.addAll(List.of("--fail-on", "high"));
        assertThat(caveat(failing.toArray(String[]::new)).status()).isEqualTo(1);
        failing.set(failing.size() - 1, "critical");
        assertThat(caveat(failing.toArray(String[]::new)).status()).as("no critical finding on the demo").isZero();
    }

    @Test
    void theBashCompletionScriptCompletesCommandsOptionsAndFormats() throws Exception {
        EvaluateCommandTest.Run completion = caveat("completion", "bash");
        assertThat(completion.status()).isZero();
        Path script = Files.writeString(dir.resolve("caveat.bash"), completion.out());
        String probe = "source " + script + " 2>/dev/null; complete() { :; }\n"
                + "ask() { COMP_WORDS=(\"$@\"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMP_LINE=\"$*\"; "
                + "COMP_POINT=${#COMP_LINE}; _complete_caveat 2>/dev/null; echo \"${COMPREPLY[*]}\"; }\n"
                + "ask caveat ev; ask caveat evaluate --ou; ask caveat evaluate -o ''\n";
        Process bash = new ProcessBuilder("bash", "-c", probe).redirectErrorStream(true).start();
        List<String> answers = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(bash.waitFor()).isZero();
        assertThat(answers).containsExactly("evaluate", "--output", "table json yaml sarif junit csv html");
        assertThat(caveat("completion", "zsh").out()).contains("bashcompinit", "_complete_caveat");
    }

    @Test
    void summaryPrintsCountsPerRuleAndSeverityOnlyAndColourIsForTerminalsOnly() {
        EvaluateCommandTest.Run summary = evaluate("--summary");
        assertThat(summary.status()).isEqualTo(1);
        assertThat(summary.out()).doesNotContain("fingerprint", "Remediation:")
                .containsPattern("(?m)^ {9}\\d+ (critical|high|medium|low|info)(, \\d+ \\w+)*$")
                .contains(DEMO_FINDINGS + " findings (");
        assertThat(evaluate().out()).as("piped: no colour").doesNotContain("\u001b[");

        var evaluation = io.caveat.engine.Evaluator.evaluate(io.caveat.engine.RuleCompiler.compile(
                io.caveat.engine.RuleSource.directory(TestPaths.knowledgeBase())),
                io.caveat.load.SnapshotLoader.load(TestPaths.demo()));
        String coloured = io.caveat.render.TableRenderer.render(evaluation,
                new io.caveat.render.TableRenderer.Style(false, true));
        assertThat(coloured).contains("\u001b[1;31mhigh", "\u001b[0m");
        assertThat(coloured.replaceAll("\u001b\\[[0-9;]*m", ""))
                .as("the same text, only coloured").isEqualTo(io.caveat.render.TableRenderer.render(evaluation));
    }

    @Test
    void versionNamesTheBuildsCommitAndTheKnowledgeBaseAnEvaluationWouldReport() throws IOException {
        EvaluateCommandTest.Run version = caveat("--version");
        assertThat(version.status()).isZero();
        assertThat(version.out()).containsPattern("^caveat \\S+ \\(commit [0-9a-f]{7,}")
                .containsPattern("knowledge base [0-9a-f]{12} from the rules bundled in caveat");
        String kb = version.out().replaceAll("(?s).*knowledge base ([0-9a-f]{12}).*", "$1");
        EvaluateCommandTest.Run bundled = caveat("evaluate", TestPaths.demo().toString(), "-o", "json");
        assertThat(new ObjectMapper().readTree(bundled.out()).at("/knowledgeBase/version").asText()).isEqualTo(kb);
    }

    @Test
    void helpWrapsBetweenWordsForEveryCommandAndOption() {
        picocli.CommandLine root = new picocli.CommandLine(new Main());
        HelpLayout.apply(root);
        List<picocli.CommandLine> commands = new ArrayList<>(List.of(root));
        root.getSubcommands().values().forEach(c -> {
            commands.add(c);
            commands.addAll(c.getSubcommands().values());
        });
        for (picocli.CommandLine command : commands) {
            // Lines joined as a reader reads them: a word cut in two would not join back.
            String usage = command.getUsageMessage(picocli.CommandLine.Help.Ansi.OFF);
            assertThat(usage.lines()).as(command.getCommandName()).allSatisfy(l -> assertThat(l.length())
                    .isLessThanOrEqualTo(HelpLayout.width()));
            String joined = usage.replaceAll("\\s+", " ");
            for (var option : command.getCommandSpec().options()) {
                for (String line : option.description()) {
                    String described = line.replace("${DEFAULT-VALUE}", String.valueOf(option.defaultValue()))
                            .replaceAll("\\s+", " ");
                    if (!described.contains("${")) {
                        assertThat(joined).as(command.getCommandName() + " " + option.longestName())
                                .contains(described);
                    }
                }
            }
        }
    }
}
