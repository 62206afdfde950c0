package io.caveat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caveat.TestPaths;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user runs it, on the bundled demo and on broken input. */
class EvaluateCommandTest {
    /** The fixture knowledge base's limitations, read from it: each fires on the demo. */
    private static final List<String> LIMITATIONS = TestPaths.limitationIds(TestPaths.knowledgeBase());

    @TempDir
    Path dir;

    /** What a run printed and returned. */
    record Run(int status, String out, String err) {
    }

    static Run caveat(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(status, out.toString(), err.toString());
    }

    private static Run evaluate(String... more) {
        String[] args = new String[3 + more.length];
        args[0] = "evaluate";
        args[1] = "--rules=" + TestPaths.knowledgeBase();
        args[2] = TestPaths.demo().toString();
        System.arraycopy(more, 0, args, 3, more.length);
        return caveat(args);
    }

    @Test
    void theRealOpenShiftFolderIsSaidToHoldSeveralClustersAndExitsTwo() {
        Run run = caveat("evaluate", "--rules=" + TestPaths.knowledgeBase(),
                TestPaths.realdata("openshift").toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("the snapshot is incomplete", "the snapshot holds at least 5 clusters");
        assertThat(run.out()).contains("the snapshot holds at least 5 clusters");
    }

    @Test
    void rulesThatDoNotLoadEndEvaluateAndReportWithTheirPositions() throws IOException {
        Path broken = Files.createDirectories(dir.resolve("rules/limitations"));
        Files.writeString(broken.resolve("KL-900-broken.drl"),
                "package limitations;\nimport io.caveat.model.*;\nrule \"KL-900 x\"\n    @id(\"KL-900\")\nwhen\n"
                        + "    Servce()\nthen\nend\n");
        for (String command : List.of("evaluate", "report")) {
            Run run = command.equals("evaluate")
                    ? caveat("evaluate", "--rules=" + dir.resolve("rules"), TestPaths.demo().toString())
                    : caveat("report", "--rules=" + dir.resolve("rules"), "--archive=" + dir.resolve("archive"),
                            TestPaths.demo().toString());
            assertThat(run.status()).as(command).isEqualTo(2);
            assertThat(run.err()).as(command).startsWith("caveat: the rules do not load:\n  ")
                    .contains("KL-900-broken.drl:");
            assertThat(run.out()).as(command).isEmpty();
        }
        assertThat(dir.resolve("archive/runs")).doesNotExist();
    }

    @Test
    void theDemoShowsEveryLimitationWithExplanationsAndExitsOne() {
        Run run = evaluate();
        assertThat(run.status()).isEqualTo(1);
        for (String id : LIMITATIONS) {
            assertThat(run.out()).containsPattern("(?m)^" + id + " +\\w+ +evaluated +[1-9]");
            assertThat(run.out()).contains("== " + id + " ");
        }
        String prose = run.out().replaceAll("\\s+", " ");
        assertThat(prose).contains("Remediation: ", "Limitation: ", "Docs: https://")
                .contains("this also opens 8080/UDP, 8081/TCP")
                .contains("gateway-router IPs 100.64.0.2, 100.64.0.3, 100.64.0.4");
    }

    @Test
    void jsonFollowsTheContract() throws IOException {
        Run run = evaluate("--output", "json");
        assertThat(run.status()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.at("/knowledgeBase/version").asText()).hasSize(12);
        List<String> ids = TestPaths.limitationIds(TestPaths.knowledgeBase());
        assertThat(json.at("/knowledgeBase/rules").asInt()).isEqualTo(ids.size());
        assertThat(json.get("rules")).hasSize(ids.size()).allSatisfy(r -> {
            assertThat(r.get("id").asText()).matches("KL-\\d{3}");
            assertThat(r.get("title").asText()).isNotBlank();
            assertThat(r.get("severity").asText()).isIn("info", "low", "medium", "high", "critical");
            assertThat(r.get("status").asText()).isEqualTo("evaluated");
        });
        Set<String> fired = new HashSet<>();
        assertThat(json.get("findings")).isNotEmpty().allSatisfy(f -> {
            fired.add(f.get("ruleId").asText());
            assertThat(f.at("/subject/kind").asText()).isNotBlank();
            assertThat(f.at("/subject/name").asText()).isNotBlank();
            assertThat(f.get("message").asText()).isNotBlank();
            assertThat(f.get("evidence")).isNotEmpty()
                    .allSatisfy(e -> assertThat(e.get("kind").asText() + e.get("key").asText()).isNotBlank());
            assertThat(f.get("remediation").asText()).endsWith(".");
            assertThat(f.get("docs").asText()).startsWith("https://");
            assertThat(f.get("fingerprint").asText()).matches("[0-9a-f]{16}");
        });
        assertThat(fired).containsExactlyInAnyOrderElementsOf(LIMITATIONS);
        JsonNode mixed = findings(json, "KL-004").get(0);
        assertThat(mixed.at("/subject").toString())
                .isEqualTo("{\"kind\":\"Service\",\"namespace\":\"app1\",\"name\":\"web-frontend-svc\"}");
        assertThat(mixed.get("evidence").toString()).contains("ServicePort", "VirtualService", "RuleReach");
    }

    @Test
    void fingerprintsAreStableAcrossRuns() throws IOException {
        JsonNode first = new ObjectMapper().readTree(evaluate("--output=json").out());
        JsonNode second = new ObjectMapper().readTree(evaluate("--output=json").out());
        assertThat(fingerprints(first)).isEqualTo(fingerprints(second)).doesNotHaveDuplicates();
    }

    @Test
    void failOnSetsTheThreshold() {
        assertThat(evaluate("--fail-on", "critical").status()).isZero();
        assertThat(evaluate("--fail-on", "high").status()).isEqualTo(1);
        Run bad = evaluate("--fail-on", "urgent");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown severity 'urgent'");
    }

    @Test
    void rulesWithoutTheirDataAreNotEvaluatedAndSayWhy() throws IOException {
        Files.copy(TestPaths.demo().resolve("cluster/pods.json"), dir.resolve("pods.json"));
        Run run = caveat("evaluate", "--rules", TestPaths.knowledgeBase().toString(), dir.toString(), "--output", "json");
        JsonNode rules = new ObjectMapper().readTree(run.out()).get("rules");
        JsonNode kl003 = rules.get(2);
        assertThat(kl003.get("id").asText()).isEqualTo("KL-003");
        assertThat(kl003.get("status").asText()).isEqualTo("not-evaluated");
        assertThat(kl003.get("reason").asText()).contains("SecurityRule data", "sec_policy/active/rule_sets");
        assertThat(rules.get(1).get("status").asText()).isEqualTo("evaluated");
    }

    @Test
    void unreadableInputExitsTwoButStillReportsWhatWasRead() throws IOException {
        Files.copy(TestPaths.demo().resolve("cluster/pods.json"), dir.resolve("pods.json"));
        Files.writeString(dir.resolve("services.yaml"), "kind: List\nitems: [\n");
        Run run = caveat("evaluate", "--rules", TestPaths.knowledgeBase().toString(), dir.toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.out()).contains("Could not read: services.yaml:", "KL-002");
        assertThat(run.err()).contains("1 problem(s) in the snapshot's files:", "  services.yaml:");
    }

    @Test
    void reportOnAnEmptySnapshotWritesItsRunAndExitsTwo() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Run run = caveat("report", "--rules", TestPaths.knowledgeBase().toString(), "--archive",
                dir.resolve("archive").toString(), empty.toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.out()).contains("0 findings");
        assertThat(run.err()).contains("no rule could be evaluated");
    }

    @Test
    void aSnapshotNoRuleCanJudgeExitsTwo() throws IOException {
        Files.writeString(dir.resolve("unrelated.json"), "{\"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"x\"}}");
        Run run = caveat("evaluate", "--rules", TestPaths.knowledgeBase().toString(), dir.toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("no rule could be evaluated");
    }

    @Test
    void aMissingSnapshotIsAUsageError() {
        Run run = caveat("evaluate", "--rules", TestPaths.knowledgeBase().toString(), dir.resolve("nope").toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("snapshot not found");
    }

    @Test
    void rulesCheckPrintsFileAndLineOfABrokenRule() throws IOException {
        Files.writeString(dir.resolve("KL-999-broken.drl"), """
                package limitations;
                import io.caveat.model.*;
                rule "KL-999 broken"
                    @id("KL-999")
                when
                    Service( type == )
                then
                end
                """);
        Run run = caveat("rules", "check", dir.toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).containsPattern("KL-999-broken\\.drl:6:\\d+: ");

        Run ok = caveat("rules", "check", TestPaths.knowledgeBase().toString());
        assertThat(ok.status()).isZero();
        assertThat(ok.out()).contains(TestPaths.limitationIds(TestPaths.knowledgeBase()).size() + " limitations");
    }

    @Test
    void serveRefusesAnOpenAddressWithoutAToken() {
        Run run = caveat("serve", "--bind", "0.0.0.0", "--port", "0", "--rules", TestPaths.knowledgeBase().toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("binding 0.0.0.0 exposes the API beyond this machine");
    }

    @Test
    void aBlankTokenFileCountsAsNoToken() throws IOException {
        Path token = Files.writeString(dir.resolve("token"), "\n");
        Run run = caveat("serve", "--bind", "0.0.0.0", "--port", "0", "--rules", TestPaths.knowledgeBase().toString(),
                "--token-file", token.toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("exposes the API beyond this machine");
    }

    @Test
    void caveatYamlDisablesAndResetsRulesWithoutTouchingThem() throws IOException {
        Path config = Files.writeString(dir.resolve("caveat.yaml"), """
                rules:
                  disabled: [KL-005]
                  severity: {KL-002: low}
                """);
        Run run = evaluate("--config", config.toString(), "--output", "json");
        JsonNode json = new ObjectMapper().readTree(run.out());
        JsonNode rules = json.get("rules");
        assertThat(rules.get(4).get("status").asText()).isEqualTo("disabled");
        assertThat(rules.get(1).get("severity").asText()).isEqualTo("low");
        assertThat(rules.get(1).get("setting").asText()).isEqualTo("severity medium -> low (caveat.yaml)");
        assertThat(findings(json, "KL-005")).isEmpty();
        // Every finding of the limitation, also those whose rule sets its own severity (the C-VEN's info).
        assertThat(findings(json, "KL-002")).extracting(f -> f.get("severity").asText())
                .containsExactlyInAnyOrder("low", "low", "low");
        Path wrong = Files.writeString(dir.resolve("wrong.yaml"), "rules:\n  disabled: [KL-500]\n");
        Run refused = evaluate("--config", wrong.toString());
        assertThat(refused.status()).isEqualTo(2);
        assertThat(refused.err()).contains("caveat.yaml rules: no limitation KL-500");
    }

    @Test
    void aSeverityInCaveatYamlOverridesTableRowsEvenWhenItEqualsTheDefault() throws IOException {
        Path config = Files.writeString(dir.resolve("caveat.yaml"), "rules:\n  severity: {KL-006: high}\n");
        Run run = caveat("evaluate", "--rules=" + TestPaths.knowledgeBase(), "--config", config.toString(), "--output", "json",
                TestPaths.knowledgeBase().resolve("limitations/KL-006-nodeport-needs-enforced-hosts/fires.hosts-selective.yaml").toString());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(findings(json, "KL-006")).extracting(f -> f.get("severity").asText()).containsExactly("high");
        Run plain = caveat("evaluate", "--rules=" + TestPaths.knowledgeBase(), "--output", "json",
                TestPaths.knowledgeBase().resolve("limitations/KL-006-nodeport-needs-enforced-hosts/fires.hosts-selective.yaml").toString());
        assertThat(findings(new ObjectMapper().readTree(plain.out()), "KL-006"))
                .extracting(f -> f.get("severity").asText()).containsExactly("medium");
        json.get("rules").forEach(r -> {
            if (r.get("id").asText().equals("KL-006")) {
                assertThat(r.get("setting").asText()).isEqualTo("severity high (caveat.yaml)");
            }
        });
    }

    @Test
    void liveRulesThatDoNotLoadCostNoRequest() throws IOException {
        java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer pce = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        pce.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        pce.start();
        try {
            Path rules = Files.createDirectories(dir.resolve("broken-rules"));
            Files.writeString(rules.resolve("bad.drl"), "package limitations;\nrule \"x\" when then end end\n");
            Path credentials = Files.writeString(dir.resolve("pce.yaml"), "key: api_1\nsecret: s3cret\n");
            Run run = caveat("evaluate", "--live", "--no-kubernetes", "--rules", rules.toString(), "--pce-url",
                    "http://127.0.0.1:" + pce.getAddress().getPort(), "--pce-credentials", credentials.toString(),
                    "--pce-cluster", "k8s");
            assertThat(run.status()).isEqualTo(2);
            assertThat(run.err()).contains("the rules do not load");
            assertThat(requests.get()).isZero();
        } finally {
            pce.stop(0);
        }
    }

    @Test
    void rulesListShowsEveryLimitation() {
        Run run = caveat("rules", "list", "--rules", TestPaths.knowledgeBase().toString());
        assertThat(run.status()).isZero();
        LIMITATIONS.forEach(id -> assertThat(run.out()).contains(id));
    }

    private static List<JsonNode> findings(JsonNode json, String rule) {
        List<JsonNode> out = new java.util.ArrayList<>();
        json.get("findings").forEach(f -> {
            if (f.get("ruleId").asText().equals(rule)) {
                out.add(f);
            }
        });
        return out;
    }

    private static List<String> fingerprints(JsonNode json) {
        List<String> out = new java.util.ArrayList<>();
        json.get("findings").forEach(f -> out.add(f.get("fingerprint").asText()));
        return out;
    }
}
