package io.caveat.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caveat.TestPaths;
import io.caveat.engine.RuleCompiler;
import io.caveat.engine.RuleSource;
import io.caveat.load.SnapshotLoader;
import io.caveat.report.Archive;
import io.caveat.report.ReportRun;
import io.caveat.report.ReportRunner;
import io.caveat.publish.ReportApiServer;
import io.caveat.publish.ReportPublisher;
import io.caveat.report.PolicyReportApi;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service over real HTTP: every endpoint, hot reload, concurrency, auth, limits. */
class ServiceAppTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static String demo;

    @TempDir
    Path dir;

    Path rules;
    ServiceApp service;
    Javalin app;
    AutoCloseable watcher;
    StringWriter log = new StringWriter();
    /** Where reports are published; none unless a test sets one before restarting. */
    ReportPublisher publisher;
    HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        rules = dir.resolve("rules");
        TestPaths.copyTree(TestPaths.knowledgeBase(), rules);
        if (demo == null) {
            demo = Documents.of(TestPaths.demo());
        }
        start(null, 64L * 1024 * 1024);
    }

    void start(String token, long maxBody) {
        start(token, null, maxBody);
    }

    void start(String token, String editorToken, long maxBody) {
        service = new ServiceApp(new ServiceApp.Options(rules, null, token, editorToken, maxBody, 2 * maxBody, 100, null, dir.resolve("archive"), 0, 0,
                java.util.function.UnaryOperator.identity(), publisher),
                new PrintWriter(log, true));
        app = service.create().start("127.0.0.1", 0);
        watcher = service.watchRules();
    }

    @AfterEach
    void stop() throws Exception {
        watcher.close();
        app.stop();
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + app.port() + path);
    }

    @Test
    void healthReadinessMetricsAndTheApiDescription() throws Exception {
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(ready.body()).get("ready").asBoolean()).isTrue();
        post("/api/v1/evaluations", demo);
        String metrics = get("/metrics").body();
        assertThat(metrics).contains("caveat_evaluations_total{outcome=\"findings\"} 1.0",
                "caveat_evaluation_duration_seconds_bucket",
                "caveat_evaluation_findings_total{rule=\"KL-004\",severity=\"medium\"} 1.0",
                "caveat_rules_reloads_total{result=\"success\"} 1.0", "jvm_memory_used_bytes{", "jvm_gc_",
                "jvm_threads_live_threads", "process_cpu_usage", "process_uptime_seconds");
        assertThat(JSON.readTree(get("/openapi.json").body()).at("/openapi").asText()).startsWith("3.");
    }

    @Test
    void theOpenApiDescriptionMatchesTheRoutes() throws IOException {
        JsonNode paths = JSON.readTree(TestPaths.repo().resolve("docs/openapi.json").toFile()).get("paths");
        Set<String> described = new HashSet<>();
        paths.fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(m -> described.add(
                m + " " + p.getKey())));
        Set<String> served = new HashSet<>();
        service.routes().forEach(r -> served.add(r.method() + " " + r.path()));
        assertThat(described).isEqualTo(served);
    }

    @Test
    void rulesAreListedOneByOneAndUnknownOnesAre404() throws Exception {
        JsonNode list = JSON.readTree(get("/api/v1/rules").body());
        int limitations = TestPaths.limitationIds(rules).size();
        assertThat(list.at("/knowledgeBase/rules").asInt()).isEqualTo(limitations);
        assertThat(list.get("rules")).hasSize(limitations);
        JsonNode one = JSON.readTree(get("/api/v1/rules/KL-004").body());
        assertThat(one.at("/rule/source").asText())
                .isEqualTo("limitations/KL-004-non-clas-mixed-protocol-service/limitation.yaml");
        HttpResponse<String> missing = get("/api/v1/rules/KL-999");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("no rule KL-999");
    }

    @Test
    void validateCompilesWithoutFiringAndRefusesMetadataThatWouldRunCode() throws Exception {
        String name = "limitations/KL-005-openshift-ovn-nodeport/KL-005.drl";
        String good = Files.readString(rules.resolve(name))
                .replace("insert(new Hit(", "System.setProperty(\"caveat.validate.fired\", \"yes\"); insert(new Hit(");
        JsonNode ok = JSON.readTree(post("/api/v1/rules/validate?name=" + name, good).body());
        assertThat(ok.get("valid").asBoolean()).isTrue();
        assertThat(System.getProperty("caveat.validate.fired")).isNull();

        JsonNode broken = JSON.readTree(post("/api/v1/rules/validate?name=" + name,
                good.replace("$svc : Service( allocatesNodePorts )", "$svc : Service( allocatesNodePorts")).body());
        assertThat(broken.get("valid").asBoolean()).isFalse();
        assertThat(broken.get("diagnostics").get(0).asText()).matches("limitations/KL-005-openshift-ovn-nodeport/KL-005\\.drl:\\d+:\\d+: .+");

        JsonNode evil = JSON.readTree(post("/api/v1/rules/validate?name=" + name, good.replaceFirst("\nwhen\n",
                "\n    @severity(java.lang.System.setProperty(\"caveat.pwned\", \"yes\"))\nwhen\n")).body());
        assertThat(evil.get("diagnostics").get(0).asText()).contains("metadata @severity must be a quoted string");
        assertThat(System.getProperty("caveat.pwned")).isNull();
    }

    @Test
    void anEvaluationAnswersTheCliContractAndIsKeptForLater() throws Exception {
        HttpResponse<String> created = post("/api/v1/evaluations", demo);
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode evaluation = JSON.readTree(created.body());
        assertThat(evaluation.get("findings")).hasSize(TestPaths.demoFindings(rules));
        assertThat(evaluation.at("/knowledgeBase/version").asText()).hasSize(12);
        String id = evaluation.get("id").asText();
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/evaluations/" + id);
        assertThat(JSON.readTree(get("/api/v1/evaluations/" + id).body()).get("findings")).isEqualTo(
                evaluation.get("findings"));
        assertThat(get("/api/v1/evaluations/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void everyEvaluationCarriesAVerdictAndTheRecentOnesAreListedNewestFirstAPageAtATime() throws Exception {
        JsonNode first = JSON.readTree(post("/api/v1/evaluations", demo).body());
        JsonNode verdict = first.get("verdict");
        assertThat(verdict.get("failOn").asText()).isEqualTo("low");
        assertThat(verdict.get("failed").asBoolean()).isTrue();
        assertThat(verdict.get("complete").asBoolean()).isTrue();
        assertThat(verdict.get("findings").asInt()).isEqualTo(first.get("findings").size());
        List<String> order = new ArrayList<>();
        verdict.get("bySeverity").fieldNames().forEachRemaining(order::add);
        assertThat(order).containsExactly("critical", "high", "medium", "low", "info");
        JsonNode strict = JSON.readTree(post("/api/v1/evaluations?failOn=critical", demo).body());
        assertThat(strict.at("/verdict/failed").asBoolean()).as("no critical finding on the demo").isFalse();
        assertThat(post("/api/v1/evaluations?failOn=urgent", demo).statusCode()).isEqualTo(400);
        String third = JSON.readTree(post("/api/v1/evaluations", demo).body()).get("id").asText();

        JsonNode page = JSON.readTree(get("/api/v1/evaluations?limit=2").body());
        assertThat(page.get("evaluations")).extracting(e -> e.get("id").asText())
                .containsExactly(third, strict.get("id").asText());
        JsonNode next = JSON.readTree(get("/api/v1/evaluations?limit=2&cursor=" + page.get("next").asText()).body());
        assertThat(next.get("evaluations").get(0).get("id").asText()).isEqualTo(first.get("id").asText());
        assertThat(next.get("evaluations").get(0).at("/verdict/failed").asBoolean()).isTrue();
        assertThat(get("/api/v1/evaluations?limit=0").statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/evaluations?cursor=gone").statusCode()).isEqualTo(404);
    }

    @Test
    void aBodyWithNothingToEvaluateIs422WithItsProblemsAsTheCliExitsTwo() throws Exception {
        HttpResponse<String> empty = post("/api/v1/evaluations", "{\"documents\": []}");
        assertThat(empty.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(empty.body()).get("error").asText()).contains("no rule could be evaluated");
        HttpResponse<String> damaged = post("/api/v1/evaluations", "{\"documents\": [{\"kind\": \"PodList\", "
                + "\"items\": null}]}");
        assertThat(damaged.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(damaged.body()).get("diagnostics").get(0).asText())
                .contains("field items: expected a list, found null");
    }

    @Test
    void aBodyThatIsNotJsonIs415AndErrorsAreInOurWordsAndEveryRequestIsLogged() throws Exception {
        HttpResponse<String> form = post("/api/v1/evaluations", demo, "Content-Type",
                "application/x-www-form-urlencoded");
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(JSON.readTree(form.body()).get("error").asText()).contains("the body must be JSON");
        assertThat(post("/api/v1/evaluations", demo, "Content-Type", "application/json; charset=utf-8")
                .statusCode()).isEqualTo(201);
        HttpResponse<String> unclosed = post("/api/v1/evaluations", "{\"documents\": [");
        assertThat(unclosed.statusCode()).isEqualTo(400);
        assertThat(unclosed.body()).doesNotContain("StreamReadFeature", "Source:", "REDACTED");
        assertThat(log.toString()).containsPattern("caveat: access POST /api/v1/evaluations 415 \\d+ ms")
                .containsPattern("caveat: access POST /api/v1/evaluations 201 \\d+ ms");
    }

    /** The files of a folder of the rules, each as a quoted JSON string, sorted. */
    private List<String> quotedFiles(String folder) throws IOException {
        try (Stream<Path> list = Files.list(rules.resolve(folder))) {
            return list.map(p -> "\"" + folder + p.getFileName() + "\"").sorted().toList();
        }
    }

    private String dryRun(String changeFields) throws Exception {
        return demo.substring(0, demo.lastIndexOf('}')) + ", " + changeFields + "}";
    }

    @Test
    void aDryRunDeletingALimitationShowsItsFindingsRemovedAndChangesNothing() throws Exception {
        String folder = "limitations/KL-005-openshift-ovn-nodeport/";
        List<String> files = quotedFiles(folder);
        String before = version();
        // As the issue asks: on the newest archived run's snapshot, no documents posted.
        assertThat(post("/api/v1/reports", demo).statusCode()).isEqualTo(201);
        HttpResponse<String> answer = post("/api/v1/rules/dry-run", "{\"delete\": [" + String.join(", ", files)
                + "]}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode dry = JSON.readTree(answer.body());
        assertThat(dry.get("compiles").asBoolean()).isTrue();
        assertThat(dry.get("added")).isEmpty();
        assertThat(dry.get("removed")).isNotEmpty().allSatisfy(f -> assertThat(f.get("ruleId").asText())
                .isEqualTo("KL-005"));
        assertThat(dry.at("/byLimitation/KL-005/removed").asInt()).isEqualTo(dry.get("removed").size());
        assertThat(dry.at("/knowledgeBase/active").asText()).isEqualTo(before);
        assertThat(dry.get("snapshot").asText()).startsWith("request body");
        assertThat(version()).as("nothing became active").isEqualTo(before);
        assertThat(JSON.readTree(get("/api/v1/rules").body()).get("rules")).extracting(r -> r.get("id").asText())
                .contains("KL-005");
        assertThat(rules.resolve(folder + "KL-005.drl")).exists();
    }

    @Test
    void aDryRunOfAnEditRunsItsScenariosAndShowsChangedFindingsOrTheDiagnostics() throws Exception {
        String name = "limitations/KL-005-openshift-ovn-nodeport/KL-005.drl";
        String drl = Files.readString(rules.resolve(name));
        String edited = drl.replace("Policy must allow those, which hides the real sources.",
                "Policy must allow those addresses.");
        JsonNode dry = JSON.readTree(post("/api/v1/rules/dry-run", dryRun("\"files\": {\"" + name + "\": "
                + JSON.writeValueAsString(edited) + "}")).body());
        assertThat(dry.get("changed")).isNotEmpty().allSatisfy(c -> assertThat(c.at("/after/message").asText())
                .endsWith("Policy must allow those addresses."));
        assertThat(dry.get("scenarios")).isNotEmpty().allSatisfy(r -> assertThat(r.get("file").asText())
                .startsWith("limitations/KL-005-openshift-ovn-nodeport/"));

        JsonNode broken = JSON.readTree(post("/api/v1/rules/dry-run", dryRun("\"files\": {\"" + name + "\": "
                + JSON.writeValueAsString(drl.replace("then", "thne")) + "}")).body());
        assertThat(broken.get("compiles").asBoolean()).isFalse();
        assertThat(broken.get("diagnostics").get(0).asText()).matches(java.util.regex.Pattern.quote(name)
                + ":\\d+:\\d+: .+");
        assertThat(post("/api/v1/rules/dry-run", dryRun("\"delete\": [\"../etc/passwd\"]")).statusCode())
                .isEqualTo(400);
        assertThat(post("/api/v1/rules/dry-run", "{\"delete\": [\"" + name + "\"]}").statusCode())
                .as("no snapshot to compare on").isEqualTo(400);
    }

    private List<String> ids() throws Exception {
        List<String> ids = new ArrayList<>();
        JSON.readTree(get("/api/v1/rules").body()).get("rules").forEach(r -> ids.add(r.get("id").asText()));
        return ids;
    }

    @Test
    void aChangeIsAppliedWholeRecordedAndRestoredFromTheHistory() throws Exception {
        String folder = "limitations/KL-005-openshift-ovn-nodeport/";
        List<String> files = quotedFiles(folder);
        String drl = Files.readString(rules.resolve(folder + "KL-005.drl"));
        HttpResponse<String> broken = post("/api/v1/rules/changes", "{\"comment\": \"typo\", \"files\": {\""
                + folder + "KL-005.drl\": " + JSON.writeValueAsString(drl.replace("then", "thne")) + "}}");
        assertThat(broken.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(broken.body()).get("diagnostics").get(0).asText()).startsWith(folder + "KL-005.drl:");
        assertThat(Files.readString(rules.resolve(folder + "KL-005.drl"))).as("nothing written").isEqualTo(drl);
        assertThat(post("/api/v1/rules/changes", "{\"delete\": [" + files.get(0) + "]}").statusCode())
                .as("a change says why").isEqualTo(400);

        HttpResponse<String> removed = post("/api/v1/rules/changes", "{\"comment\": \"KL-005 is fixed in our OVN"
                + " release\", \"delete\": [" + String.join(", ", files) + "]}");
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(201);
        assertThat(ids()).doesNotContain("KL-005");
        JsonNode versions = JSON.readTree(get("/api/v1/rules/history").body()).get("versions");
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).get("comment").asText()).isEqualTo("KL-005 is fixed in our OVN release");
        assertThat(versions.get(0).get("who").asText()).isEqualTo("local");
        assertThat(versions.get(0).get("knowledgeBase").asText()).isEqualTo(version());
        String before = versions.get(1).get("version").asText();
        JsonNode shown = JSON.readTree(get("/api/v1/rules/history/" + versions.get(0).get("version").asText()).body());
        assertThat(shown.get("diff").asText()).contains("deleted file mode", "-rule \"KL-005");

        HttpResponse<String> restored = post("/api/v1/rules/history/" + before + "/restore", "");
        assertThat(restored.statusCode()).as(restored.body()).isEqualTo(201);
        assertThat(ids()).contains("KL-005");
        assertThat(Files.readString(rules.resolve(folder + "KL-005.drl"))).isEqualTo(drl);
        assertThat(JSON.readTree(get("/api/v1/rules/history").body()).get("versions").get(0).get("comment").asText())
                .isEqualTo("restore " + before);
        assertThat(JSON.readTree(restored.body()).get("written")).hasSize(files.size());
        assertThat(post("/api/v1/rules/history/" + before + "/restore", "").statusCode())
                .as("already as in that version").isEqualTo(400);
        assertThat(get("/api/v1/rules/history/0000000").statusCode()).isEqualTo(404);
    }

    @Test
    void onlyTheEditorTokenMayChangeRules() throws Exception {
        stop();
        start("reader-t0ken", "editor-t0ken", 64L * 1024 * 1024);
        String change = "{\"comment\": \"c\", \"files\": {\"limitations/KL-005-openshift-ovn-nodeport/README.md\":"
                + " \"notes\"}}";
        assertThat(post("/api/v1/rules/changes", change, "Authorization", "Bearer reader-t0ken").statusCode())
                .isEqualTo(403);
        assertThat(get("/api/v1/rules", "Authorization", "Bearer editor-t0ken").statusCode())
                .as("an editor reads too").isEqualTo(200);
        assertThat(JSON.readTree(get("/api/v1/rules", "Authorization", "Bearer editor-t0ken").body())
                .at("/changes/allowed").asBoolean()).isTrue();
        JsonNode reader = JSON.readTree(get("/api/v1/rules", "Authorization", "Bearer reader-t0ken").body());
        assertThat(reader.at("/changes/allowed").asBoolean()).as("told before any edit").isFalse();
        assertThat(reader.at("/changes/reason").asText()).contains("use the editor token");
        HttpResponse<String> made = post("/api/v1/rules/changes", change, "Authorization", "Bearer editor-t0ken");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        assertThat(JSON.readTree(made.body()).at("/version/who").asText()).isEqualTo("editor");
        stop();
        start("reader-t0ken", null, 64L * 1024 * 1024);
        assertThat(JSON.readTree(post("/api/v1/rules/changes", change, "Authorization", "Bearer reader-t0ken").body())
                .get("error").asText()).contains("need an editor token");
    }

    @Test
    void whyNotNamesTheFirstConditionThatDidNotHoldForTheObject() throws Exception {
        JsonNode answer = JSON.readTree(post("/api/v1/rules/why-not", dryRun("\"rule\": \"KL-004\", \"subject\": "
                + "\"Service/shop/storefront\"")).body());
        assertThat(answer.get("subject").asText()).isEqualTo("Service/shop/storefront");
        assertThat(answer.at("/rules/0/firstFailing").asText()).contains("CrossProtocolPort");
        assertThat(answer.at("/rules/0/conditions/0/held").asBoolean()).isTrue();
        assertThat(post("/api/v1/rules/why-not", dryRun("\"rule\": \"KL-999\", \"subject\": \"Node/x\""))
                .statusCode()).isEqualTo(400);
        assertThat(post("/api/v1/rules/why-not", dryRun("\"rule\": \"KL-004\", \"subject\": \"storefront\""))
                .statusCode()).isEqualTo(400);
    }

    @Test
    void whyNotOnAnEvaluationUsesItsSnapshotAndSaysWhenTheRulesChangedSince() throws Exception {
        String id = JSON.readTree(post("/api/v1/evaluations", demo).body()).get("id").asText();
        String ask = "/api/v1/evaluations/" + id + "/why-not?rule=KL-004&subject=Service/shop/storefront";
        JsonNode answer = JSON.readTree(get(ask).body());
        assertThat(answer.at("/rules/0/firstFailing").asText()).contains("CrossProtocolPort");
        assertThat(answer.get("evaluatedWith").asText()).isEqualTo(version());
        assertThat(answer.has("note")).isFalse();
        String drl = "limitations/KL-005-openshift-ovn-nodeport/KL-005.drl";
        String changed = Files.readString(rules.resolve(drl)) + "\n// a comment changes the version\n";
        assertThat(post("/api/v1/rules/changes", JSON.writeValueAsString(Map.of("comment", "c", "files",
                Map.of(drl, changed)))).statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(get(ask).body()).get("note").asText()).contains("the rules changed since");
        assertThat(get("/api/v1/evaluations/" + id + "/why-not?rule=KL-004&subject=storefront").statusCode())
                .isEqualTo(400);
        assertThat(get("/api/v1/evaluations/no-such-id/why-not?rule=KL-004&subject=Node/x").statusCode())
                .isEqualTo(404);
    }

    @Test
    void aChangeMadeOnRulesThatChangedSinceIsRefused() throws Exception {
        String base = version();
        String drl = "limitations/KL-005-openshift-ovn-nodeport/KL-005.drl";
        String text = Files.readString(rules.resolve(drl));
        assertThat(post("/api/v1/rules/changes", JSON.writeValueAsString(Map.of("comment", "first", "base", base,
                "files", Map.of(drl, text + "\n// one\n")))).statusCode()).isEqualTo(201);
        HttpResponse<String> late = post("/api/v1/rules/changes", JSON.writeValueAsString(Map.of("comment", "second",
                "base", base, "files", Map.of(drl, text + "\n// two\n"))));
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(late.body()).get("field").asText()).isEqualTo("/base");
        assertThat(Files.readString(rules.resolve(drl))).as("nothing written").endsWith("// one\n");
    }

    @Test
    void anEditorReadsTheRulesFilesAndNothingOutsideThem() throws Exception {
        String drl = "limitations/KL-005-openshift-ovn-nodeport/KL-005.drl";
        JsonNode files = JSON.readTree(get("/api/v1/rules/files").body()).get("files");
        List<String> paths = new ArrayList<>();
        files.forEach(f -> paths.add(f.asText()));
        assertThat(paths).contains(drl, "limitations/KL-005-openshift-ovn-nodeport/fires.ovn-nodeport.yaml")
                .isSorted().noneMatch(p -> p.startsWith(".caveat-history"));
        HttpResponse<String> one = get("/api/v1/rules/file?path=" + drl);
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.body()).isEqualTo(Files.readString(rules.resolve(drl)));
        for (String outside : List.of("../secret.drl", "/etc/x.drl", "a/./b.drl", "..data/x.drl",
                ".caveat-history/config", "limitations/x.drl%00.drl")) {
            assertThat(get("/api/v1/rules/file?path=" + outside).statusCode()).as(outside).isEqualTo(400);
        }
        Files.writeString(dir.resolve("secret.drl"), "outside");
        Files.createSymbolicLink(rules.resolve("limitations/link.drl"), dir.resolve("secret.drl"));
        assertThat(get("/api/v1/rules/file?path=limitations/link.drl").statusCode()).as("a link out of the rules")
                .isEqualTo(404);
        assertThat(get("/api/v1/rules/file?path=limitations/KL-404/KL-404.drl").statusCode()).isEqualTo(404);
    }

    @Test
    void badBodiesAreAnsweredWithTheirPositionOrField() throws Exception {
        HttpResponse<String> malformed = post("/api/v1/evaluations", "{\"documents\": [\n{\"kind\": }]}");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(malformed.body()).get("field").asText()).isEqualTo("2:10");
        HttpResponse<String> noDocuments = post("/api/v1/evaluations", "{\"docs\": []}");
        assertThat(JSON.readTree(noDocuments.body()).get("field").asText()).isEqualTo("/documents");
        HttpResponse<String> scalar = post("/api/v1/evaluations", "{\"documents\": [1]}");
        assertThat(JSON.readTree(scalar.body()).get("field").asText()).isEqualTo("/documents/0");
        HttpResponse<String> live = post("/api/v1/evaluations", "{\"live\": true}");
        assertThat(live.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(live.body()).get("field").asText()).isEqualTo("/live");
        assertThat(JSON.readTree(post("/api/v1/evaluations", "{\"live\": \"yes\"}").body()).get("error").asText())
                .isEqualTo("'live' must be true or false");
    }

    @Test
    void aWrongFieldInAPostedDocumentIsNamedByTheDocumentAndItsPlaceInTheBody() throws Exception {
        String service = "{\"apiVersion\": \"v1\", \"kind\": \"Service\", \"metadata\": {\"name\": \"web\", "
                + "\"namespace\": \"shop\"},\n \"spec\": {\"type\": \"NodePort\", \"ports\": [{\"port\": \"80\"}]}}";
        String body = demo.substring(0, demo.lastIndexOf(']')) + ",\n" + service + "]}";
        int index = JSON.readTree(demo).get("documents").size();
        int line = (int) body.substring(0, body.indexOf("\"port\": \"80\"")).chars().filter(c -> c == '\n').count() + 1;
        JsonNode answer = JSON.readTree(post("/api/v1/evaluations", body).body());
        assertThat(answer.at("/snapshot/problems").toString()).contains("documents[" + index + "]:" + line + ":",
                "Service shop/web: field spec.ports[0].port");
    }

    @Test
    void manyDocumentsMakeOneSnapshotAndTheSourceIsNamedNotItsTemporaryPath() throws Exception {
        // The demo's documents and 20,000 empty ones: empty documents alone would leave nothing to evaluate (422).
        StringBuilder body = new StringBuilder(demo.substring(0, demo.lastIndexOf(']')));
        for (int i = 0; i < 20_000; i++) {
            body.append(",[]");
        }
        int documents = JSON.readTree(demo).get("documents").size() + 20_000;
        HttpResponse<String> answer = post("/api/v1/evaluations", body.append("]}").toString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        assertThat(JSON.readTree(answer.body()).at("/snapshot/source").asText())
                .isEqualTo("request body (" + documents + " documents)");
        // 20,000 empty lists are one note, not 20,000.
        List<String> notes = new ArrayList<>();
        JSON.readTree(answer.body()).at("/snapshot/notes").forEach(n -> notes.add(n.asText()));
        assertThat(notes).filteredOn(n -> n.contains("empty list")).singleElement().asString()
                .startsWith("20000 files hold only an empty list").contains("documents[");
    }

    @Test
    void aRuleWithAnEmptyMetadataValueIsAFailedReloadNotASilentOne() throws Exception {
        Files.writeString(rules.resolve("limitations/KL-999-empty.drl"), """
                package limitations;
                import io.caveat.model.*;
                rule "KL-999 empty title"
                    @id("KL-999") @title @severity("low") @docs("https://example.com") @remediation("r.")
                when
                    Service()
                then
                end
                """);
        HttpResponse<String> reload = post("/api/v1/rules/reload", "");
        assertThat(reload.statusCode()).isEqualTo(422);
        assertThat(reload.body()).contains("KL-999-empty.drl:3:0: limitation KL-999 lacks metadata [@title]");
        assertThat(get("/metrics").body()).contains("caveat_rules_reloads_total{result=\"failure\"} 1.0");
    }

    @Test
    void theWatcherSurvivesFoldersComingAndGoing() throws Exception {
        for (int i = 0; i < 50; i++) {
            Path deep = Files.createDirectories(rules.resolve("tmp/a/b/c/d"));
            Files.writeString(deep.resolve("note.txt"), "x");
            try (Stream<Path> walk = Files.walk(rules.resolve("tmp"))) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        String before = version();
        Path file = rules.resolve("limitations/KL-005-openshift-ovn-nodeport/limitation.yaml");
        Files.writeString(file, Files.readString(file).replace("severity: medium", "severity: low"));
        awaitNewVersion(before);
        assertThat(severityOf("KL-005")).isEqualTo("low");
    }

    @Test
    void reportsAreRunArchivedAndServedInEveryFormat() throws Exception {
        assertThat(get("/api/v1/reports/latest").statusCode()).isEqualTo(404);
        HttpResponse<String> created = post("/api/v1/reports", demo);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = JSON.readTree(created.body()).get("id").asText();
        int findings = TestPaths.demoFindings(rules);
        assertThat(JSON.readTree(created.body()).get("newFindings").asInt()).isEqualTo(findings);
        assertThat(JSON.readTree(post("/api/v1/reports", demo).body()).get("stillOpen").asInt()).isEqualTo(findings);

        assertThat(JSON.readTree(get("/api/v1/reports").body()).get("reports")).hasSize(2);
        JsonNode newest = JSON.readTree(get("/api/v1/reports?limit=1").body());
        assertThat(newest.get("reports")).hasSize(1);
        JsonNode older = JSON.readTree(get("/api/v1/reports?limit=1&cursor=" + newest.get("next").asText()).body());
        assertThat(older.get("reports").get(0).get("id").asText()).isEqualTo(created.headers()
                .firstValue("Location").orElseThrow().replace("/api/v1/reports/", ""));
        assertThat(older.get("next").isNull()).isTrue();
        HttpResponse<String> html = get("/api/v1/reports/latest", "Accept", "text/html");
        assertThat(html.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(html.body()).contains("<!DOCTYPE html>", "Trend over 2 runs");
        assertThat(get("/api/v1/reports/" + id + ".csv").body()).startsWith("rule,severity,state");
        assertThat(get("/api/v1/reports/" + id + ".xml").body()).contains("<testsuites");
        assertThat(JSON.readTree(get("/api/v1/reports/" + id, "Accept", "application/sarif+json").body())
                .get("version").asText()).isEqualTo("2.1.0");
        assertThat(get("/api/v1/reports/" + id + ".yaml").body()).contains("wgpolicyk8s.io/v1alpha2");
        assertThat(JSON.readTree(get("/api/v1/reports/" + id).body()).get("id").asText()).isEqualTo(id);
        assertThat(get("/api/v1/reports/nope.html").statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/reports/" + id + "/junit").body()).contains("<testsuites");
        assertThat(get("/api/v1/reports/latest/sarif").headers().firstValue("Content-Type"))
                .hasValue("application/sarif+json");
        HttpResponse<String> unknown = get("/api/v1/reports/" + id + "/pdf");
        assertThat(unknown.statusCode()).isEqualTo(406);
        assertThat(JSON.readTree(unknown.body()).get("error").asText()).contains("json, html, csv, junit, sarif");
        assertThat(get("/api/v1/reports/" + id, "Accept", "image/png").statusCode()).isEqualTo(406);
    }

    @Test
    void aReportRunIsPublishedWhenTheServiceIsToldToAndTheAnswerSaysHow() throws Exception {
        try (ReportApiServer cluster = new ReportApiServer().withCrds(PolicyReportApi.WGPOLICY)) {
            stop();
            publisher = new ReportPublisher(() -> cluster.client().getConfiguration(), PolicyReportApi.WGPOLICY);
            start(null, 64L * 1024 * 1024);

            JsonNode published = JSON.readTree(post("/api/v1/reports", demo).body()).get("published");

            int reports = cluster.client().genericKubernetesResources("wgpolicyk8s.io/v1alpha2", "PolicyReport")
                    .inAnyNamespace().list().getItems().size() + cluster.client().genericKubernetesResources(
                    "wgpolicyk8s.io/v1alpha2", "ClusterPolicyReport").list().getItems().size();
            assertThat(published.get("status").asText()).isEqualTo("published");
            assertThat(published.get("api").asText()).isEqualTo("wgpolicyk8s.io/v1alpha2");
            assertThat(published.get("applied").asInt()).isEqualTo(reports).isPositive();
            assertThat(log.toString()).contains("published " + reports + " wgpolicyk8s.io/v1alpha2 report(s)");
        }
    }

    @Test
    void theLatestArchivedRunsOpenFindingsAreGaugesFromTheStart() throws Exception {
        stop();
        PrintWriter quiet = new PrintWriter(new StringWriter(), true);
        ReportRun archived = new ReportRunner(new Archive(dir.resolve("archive"), quiet),
                Clock.fixed(Instant.parse("2026-11-20T05:00:00Z"), ZoneOffset.UTC), quiet)
                .run(RuleCompiler.compile(RuleSource.directory(rules)), SnapshotLoader.load(TestPaths.demo()),
                        List.of(), 0, 0);
        start(null, 64L * 1024 * 1024);

        String metrics = get("/metrics").body();

        Map<String, Double> open = gauge(metrics, "caveat_open_findings");
        long kl001 = archived.evaluation().findings().stream().filter(f -> f.ruleId().equals("KL-001")).count();
        assertThat(open.values().stream().mapToDouble(Double::doubleValue).sum())
                .isEqualTo(archived.evaluation().findings().size());
        assertThat(open.entrySet().stream().filter(e -> e.getKey().contains("rule=\"KL-001\""))
                .mapToDouble(Map.Entry::getValue).sum()).isEqualTo(kl001).isPositive();
        assertThat(gauge(metrics, "caveat_last_report_new_findings").values().stream().mapToDouble(Double::doubleValue)
                .sum()).isEqualTo(archived.lifecycle().newFindings());
        assertThat(metrics).contains("caveat_last_report_timestamp_seconds " + (double) Instant.parse(
                "2026-11-20T05:00:00Z").getEpochSecond(), "caveat_last_report_resolved_findings 0.0");

        post("/api/v1/reports", demo);

        String after = get("/metrics").body();
        assertThat(after).contains("caveat_report_runs_total{outcome=\"success\"} 1.0",
                "caveat_last_report_success 1.0", "caveat_last_report_resolved_findings 0.0");
        assertThat(gauge(after, "caveat_last_report_new_findings")).isNotEmpty().allSatisfy((labels, value) ->
                assertThat(value).as(labels).isZero());
        assertThat(gauge(after, "caveat_open_findings").values().stream().mapToDouble(Double::doubleValue).sum())
                .isEqualTo(archived.evaluation().findings().size());
        // The example alerts read only metrics the service exposes.
        java.util.regex.Matcher names = java.util.regex.Pattern.compile("caveat_[a-z_]+").matcher(Files.readString(
                TestPaths.repo().resolve("docs/deploy/components/monitoring/prometheusrule.yaml")));
        List<String> alerted = new ArrayList<>();
        while (names.find()) {
            alerted.add(names.group());
        }
        assertThat(alerted).isNotEmpty().allSatisfy(name -> assertThat(after).contains("\n" + name));
    }

    /** The samples of one metric in a Prometheus scrape: labels -> value. */
    private static Map<String, Double> gauge(String scrape, String name) {
        Map<String, Double> samples = new java.util.TreeMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + name + "(\\{[^}]*}) (\\S+)$")
                .matcher(scrape);
        while (m.find()) {
            samples.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return samples;
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        stop();
        start(null, 1024);
        HttpResponse<String> big = post("/api/v1/evaluations", demo);
        assertThat(big.statusCode()).isEqualTo(413);
    }

    @Test
    void anOversizedBodyIsRefusedByItsContentLengthBeforeItIsSent() throws Exception {
        stop();
        start(null, 1024);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", app.port())) {
            socket.setSoTimeout(5000);
            // Headers only: a server that waited for the 60 MiB announced would not answer within the timeout.
            socket.getOutputStream().write(("POST /api/v1/evaluations HTTP/1.1\r\nHost: x\r\nContent-Type: "
                    + "application/json\r\nContent-Length: 62914560\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            assertThat(status).startsWith("HTTP/1.1 413");
        }
    }

    @Test
    void bodiesBeyondTheBytesInFlightAre503WithRetryAfter() throws Exception {
        stop();
        start(null, 64 * 1024);
        // Two requests announce the largest body and send it slowly: together they hold all the bytes in flight.
        try (java.net.Socket first = slowBody(64 * 1024); java.net.Socket second = slowBody(64 * 1024)) {
            Thread.sleep(300);
            HttpResponse<String> busy = post("/api/v1/evaluations", demo);
            assertThat(busy.statusCode()).isEqualTo(503);
            assertThat(busy.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(get("/healthz").statusCode()).isEqualTo(200);
        }
        // The server sees the closed connections only when its blocked reads fail: a client honours Retry-After.
        long deadline = System.nanoTime() + 10_000_000_000L;
        int status = post("/api/v1/evaluations", demo).statusCode();
        while (status == 503 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            status = post("/api/v1/evaluations", demo).statusCode();
        }
        assertThat(status).as("the bytes come back when they end").isEqualTo(201);
    }

    private java.net.Socket slowBody(int length) throws IOException {
        java.net.Socket socket = new java.net.Socket("127.0.0.1", app.port());
        socket.getOutputStream().write(("POST /api/v1/evaluations HTTP/1.1\r\nHost: x\r\nContent-Type: "
                + "application/json\r\nContent-Length: " + length + "\r\n\r\n{\"documents\": [")
                .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    @Test
    void aWrongMethodIs405() throws Exception {
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(url("/api/v1/evaluations"))
                .PUT(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(405);
    }

    @Test
    void withATokenTheApiRequiresItButHealthDoesNot() throws Exception {
        stop();
        start("t0ken-for-tests", 64L * 1024 * 1024);
        HttpResponse<String> anonymous = get("/api/v1/rules");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).doesNotContain("t0ken-for-tests");
        assertThat(get("/api/v1/rules", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/rules", "Authorization", "Bearer t0ken-for-tests").statusCode()).isEqualTo(200);
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        assertThat(get("/metrics").statusCode()).isEqualTo(200);
        assertThat(log.toString()).contains("caveat: access GET /api/v1/rules 401", "caveat: access GET /api/v1/rules 200")
                .as("the access log never carries a token").doesNotContain("t0ken-for-tests", "wrong");
    }

    @Test
    void aGoodEditIsPickedUpABrokenOneNeverServedAndAFixServedAgain() throws Exception {
        Path metadata = rules.resolve("limitations/KL-005-openshift-ovn-nodeport/limitation.yaml");
        Path file = rules.resolve("limitations/KL-005-openshift-ovn-nodeport/KL-005.drl");
        String original = Files.readString(file);
        int findings = TestPaths.demoFindings(rules);
        String before = version();

        Files.writeString(metadata, Files.readString(metadata).replace("severity: medium", "severity: critical"));
        String edited = awaitNewVersion(before);
        assertThat(severityOf("KL-005")).isEqualTo("critical");

        Files.writeString(file, original.replace("$svc : Service( allocatesNodePorts )", "$svc : Service( allocatesNodePorts"));
        JsonNode failed = awaitFailedReload();
        assertThat(failed.at("/lastReload/errors/0").asText()).matches("limitations/KL-005-openshift-ovn-nodeport/KL-005\\.drl:\\d+:\\d+: .+");
        assertThat(version()).isEqualTo(edited);
        assertThat(get("/readyz").statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(post("/api/v1/evaluations", demo).body()).get("findings")).hasSize(findings);
        assertThat(log.toString()).contains("rules NOT reloaded (still serving " + edited + ")");

        Files.writeString(metadata, Files.readString(metadata).replace("severity: critical", "severity: medium"));
        Files.writeString(file, original);
        awaitNewVersion(edited);
        assertThat(severityOf("KL-005")).isEqualTo("medium");
    }

    @Test
    void aRulesConfigMapIsReloadedWhenTheKubeletSwapsIt() throws Exception {
        StringWriter configMap = new StringWriter();
        assertThat(io.caveat.cli.Main.run(new PrintWriter(configMap, true), new PrintWriter(new StringWriter(), true),
                "rules", "configmap", rules.toString())).isZero();
        Map<String, byte[]> payload = io.caveat.KubeletVolume.payload(configMap.toString());
        io.caveat.KubeletVolume volume = new io.caveat.KubeletVolume(dir.resolve("mounted-rules"));
        volume.write(payload);
        stop();
        rules = volume.dir();
        start(null, 64L * 1024 * 1024);
        String before = version();
        assertThat(get("/readyz").statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(post("/api/v1/evaluations", demo).body()).get("findings"))
                .hasSize(TestPaths.demoFindings(TestPaths.knowledgeBase()));

        String key = "limitations__KL-005-openshift-ovn-nodeport__limitation.yaml";
        payload.put(key, new String(payload.get(key), java.nio.charset.StandardCharsets.UTF_8)
                .replace("severity: medium", "severity: critical").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        volume.write(payload);
        awaitNewVersion(before);
        assertThat(severityOf("KL-005")).isEqualTo("critical");
        assertThat(log.toString()).doesNotContain("rules NOT reloaded");
    }

    @Test
    void concurrentEvaluationsGiveTheSameAnswersAsOne() throws Exception {
        List<String> expected = fingerprints(post("/api/v1/evaluations", demo).body());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<String>>> runs = new ArrayList<>();
            for (int i = 0; i < 8 * 50; i++) {
                Callable<List<String>> run = () -> fingerprints(post("/api/v1/evaluations", demo).body());
                runs.add(pool.submit(run));
            }
            for (Future<List<String>> run : runs) {
                assertThat(run.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdown();
        }
    }

    private String version() throws Exception {
        return JSON.readTree(get("/api/v1/rules").body()).at("/knowledgeBase/version").asText();
    }

    private String severityOf(String id) throws Exception {
        return JSON.readTree(get("/api/v1/rules/" + id).body()).at("/rule/severity").asText();
    }

    private String awaitNewVersion(String old) throws Exception {
        for (int i = 0; i < 100; i++) {
            String now = version();
            if (!now.equals(old) && JSON.readTree(get("/api/v1/rules").body()).at("/lastReload/ok").asBoolean()) {
                return now;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the rules were not reloaded");
    }

    private JsonNode awaitFailedReload() throws Exception {
        for (int i = 0; i < 100; i++) {
            JsonNode rulesNow = JSON.readTree(get("/api/v1/rules").body());
            if (!rulesNow.at("/lastReload/ok").asBoolean()) {
                return rulesNow;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the broken edit was not noticed");
    }

    private static List<String> fingerprints(String body) throws IOException {
        List<String> out = new ArrayList<>();
        JSON.readTree(body).get("findings").forEach(f -> out.add(f.get("fingerprint").asText() + " "
                + f.get("message").asText()));
        return out;
    }
}
