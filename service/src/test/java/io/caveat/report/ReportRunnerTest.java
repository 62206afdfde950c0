package io.caveat.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.caveat.TestPaths;
import io.caveat.engine.KnowledgeBase;
import io.caveat.engine.RuleCompiler;
import io.caveat.engine.RuleSource;
import io.caveat.load.SnapshotLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** Runs over a changing cluster with a fixed clock: lifecycle, every format, retention, crash safety. */
class ReportRunnerTest {
    static KnowledgeBase kb;

    @TempDir
    Path dir;

    StringWriter log = new StringWriter();

    @BeforeAll
    static void compile() {
        kb = RuleCompiler.compile(RuleSource.directory(TestPaths.knowledgeBase()));
    }

    ReportRun run(Path archive, Path snapshot, String day) {
        Clock clock = Clock.fixed(Instant.parse(day + "T06:00:00Z"), ZoneOffset.UTC);
        return new ReportRunner(new Archive(archive, new PrintWriter(log, true)), clock, new PrintWriter(log, true))
                .run(kb, SnapshotLoader.load(snapshot), List.of(), 0, 0);
    }

    @Test
    void aFindingAppearsPersistsAndResolvesOverThreeRuns() throws IOException {
        Path archive = dir.resolve("archive");
        Path snapshot = TestPaths.copyDemo(dir);
        Path services = snapshot.resolve("cluster/services.json");
        String withoutNodePort = Files.readString(services).replace("\"type\": \"NodePort\"", "\"type\": \"ClusterIP\"")
                .replace("\"nodePort\": 30080", "\"nodePort\": 0");
        String original = Files.readString(services);

        Files.writeString(services, withoutNodePort);
        ReportRun first = run(archive, snapshot, "2026-11-20");
        Files.writeString(services, original);
        ReportRun second = run(archive, snapshot, "2026-11-23");
        Files.writeString(services, withoutNodePort);
        ReportRun third = run(archive, snapshot, "2026-11-26");

        assertThat(first.lifecycle().newFindings()).isEqualTo(7);
        assertThat(second.lifecycle().newFindings()).as("KL-005 and KL-006 on the NodePort").isEqualTo(2);
        assertThat(second.lifecycle().stillOpen()).isEqualTo(7);
        Lifecycle.State kl002 = third.lifecycle().findings().values().stream().filter(s -> s.state().equals("open"))
                .findFirst().orElseThrow();
        assertThat(kl002.firstSeen()).isEqualTo("2026-11-20");
        assertThat(kl002.ageDays()).isEqualTo(6);
        assertThat(third.lifecycle().resolved()).extracting(r -> r.ruleId() + " " + r.subject() + " " + r.firstSeen())
                .containsExactlyInAnyOrder("KL-005 Service/shop/storefront 2026-11-23",
                        "KL-006 Service/shop/storefront 2026-11-23");
        assertThat(third.lifecycle().previousRun()).isEqualTo(second.id());

        Path html = archive.resolve("runs").resolve(third.id()).resolve("report.html");
        assertThat(Files.readString(html)).contains("Trend over 3 runs", "<b id=\"total-findings\">7</b>",
                "KL-005 Service/shop/storefront (first seen 2026-11-23)").doesNotContain("http://", "<script src");
    }

    @Test
    void everyFormatIsWellFormedAndAgreesWithTheJson() throws Exception {
        ReportRun run = run(dir.resolve("archive"), TestPaths.demo(), "2026-11-26");
        Path files = dir.resolve("archive/runs").resolve(run.id());
        JsonNode json = Archive.JSON.readTree(files.resolve("report.json").toFile());
        int findings = TestPaths.demoFindings(TestPaths.knowledgeBase());
        int limitations = TestPaths.limitationIds(TestPaths.knowledgeBase()).size();
        assertThat(json.get("findings")).hasSize(findings);
        assertThat(json.at("/lifecycle/newFindings").asInt()).isEqualTo(findings);
        assertThat(json.get("runAt").asText()).isEqualTo("2026-11-26T06:00:00Z");

        List<String> csv = Files.readAllLines(files.resolve("report.csv"));
        assertThat(csv).hasSize(findings + 1);
        assertThat(csv.get(0)).startsWith("rule,severity,state,first_seen,age_days,kind,namespace,name,message");

        Document junit = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(files.resolve("junit.xml").toFile());
        assertThat(junit.getElementsByTagName("testsuite").getLength()).isEqualTo(limitations);
        assertThat(junit.getElementsByTagName("failure").getLength()).isEqualTo(findings);

        var schema = com.networknt.schema.SchemaRegistry.withDefaultDialect(
                com.networknt.schema.SpecificationVersion.DRAFT_4).getSchema(
                getClass().getResourceAsStream("/schemas/sarif-2.1.0-rtm.5.json"));
        assertThat(schema.validate(new tools.jackson.databind.ObjectMapper().readTree(
                files.resolve("report.sarif").toFile()))).as("SARIF 2.1.0 schema errors").isEmpty();
        assertThat(schema.validate(new tools.jackson.databind.ObjectMapper().readTree(
                "{\"version\": \"2.1.0\", \"runs\": [{\"results\": []}]}"))).as("the schema does check").isNotEmpty();
        JsonNode sarif = Archive.JSON.readTree(files.resolve("report.sarif").toFile());
        assertThat(sarif.get("version").asText()).isEqualTo("2.1.0");
        assertThat(sarif.at("/runs/0/tool/driver/rules")).hasSize(limitations);
        assertThat(sarif.at("/runs/0/results")).hasSize(findings).allSatisfy(r -> {
            assertThat(r.get("level").asText()).isIn("error", "warning", "note");
            assertThat(r.at("/partialFingerprints/caveatFingerprint~1v1").asText()).hasSize(16);
        });

        JsonNode reports = new YAMLMapper().readTree(files.resolve("policyreports.yaml").toFile());
        assertThat(reports.get("items")).extracting(i -> i.get("kind").asText() + " " + i.at("/metadata/name").asText())
                .containsExactlyInAnyOrder("ClusterPolicyReport caveat-cluster", "PolicyReport caveat-app1",
                        "PolicyReport caveat-illumio-system", "PolicyReport caveat-monitoring", "PolicyReport caveat-shop");
        var policyReportSchema = com.networknt.schema.SchemaRegistry.withDefaultDialect(
                com.networknt.schema.SpecificationVersion.DRAFT_7).getSchema(
                getClass().getResourceAsStream("/schemas/policyreport-v1alpha2.json"));
        int results = 0;
        for (JsonNode report : reports.get("items")) {
            assertThat(policyReportSchema.validate(new tools.jackson.databind.ObjectMapper().readTree(report.toString())))
                    .as("PolicyReport schema errors").isEmpty();
            assertThat(report.get("apiVersion").asText()).isEqualTo("wgpolicyk8s.io/v1alpha2");
            results += report.get("results").size();
        }
        assertThat(results).isEqualTo(TestPaths.demoFindings(TestPaths.knowledgeBase()));
        assertThat(policyReportSchema.validate(new tools.jackson.databind.ObjectMapper().readTree(
                "{\"apiVersion\": \"wgpolicyk8s.io/v1alpha2\", \"kind\": \"PolicyReport\", \"results\": "
                        + "[{\"policy\": \"KL-001\", \"result\": \"failed\"}]}"))).as("the schema does check").isNotEmpty();
    }

    @Test
    void aRunInterruptedMidWriteLeavesTheArchiveReadableAndTheNextRunFine() throws IOException {
        Path archive = dir.resolve("archive");
        ReportRun first = run(archive, TestPaths.demo(), "2026-11-24");
        // A process killed between writing and renaming leaves a hidden folder; one killed mid-file, a stub.
        Path leftover = Files.createDirectories(archive.resolve("runs/.writing-20261125T060000000Z-dead-123"));
        Files.writeString(leftover.resolve("report.json"), "{\"id\": \"20261125T0600");
        Path broken = Files.createDirectories(archive.resolve("runs/20261125T060000000Z-beef"));
        Files.writeString(broken.resolve("report.json"), "{\"id\": \"20261125T060000000Z-beef\", \"findi");

        ReportRun next = run(archive, TestPaths.demo(), "2026-11-26");

        assertThat(next.lifecycle().previousRun()).as("the damaged run is skipped").isEqualTo(first.id());
        assertThat(next.lifecycle().stillOpen()).isEqualTo(TestPaths.demoFindings(TestPaths.knowledgeBase()));
        assertThat(leftover).doesNotExist();
        assertThat(Archive.JSON.readTree(archive.resolve("runs").resolve(first.id()).resolve("report.json").toFile())
                .get("id").asText()).isEqualTo(first.id());
        assertThat(log.toString()).contains("cannot be read", "unfinished run");
    }

    @Test
    void findingsOfRulesThatCouldNotRunAreCarriedNotResolved() throws IOException {
        Path archive = dir.resolve("archive");
        Path kubernetesOnly = TestPaths.copyDemo(dir);
        ReportRun full = run(archive, TestPaths.demo(), "2026-11-20");
        try (Stream<Path> pce = Files.walk(kubernetesOnly.resolve("pce"))) {
            for (Path p : pce.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        ReportRun partial = run(archive, kubernetesOnly, "2026-11-21");
        ReportRun again = run(archive, TestPaths.demo(), "2026-11-26");

        assertThat(partial.lifecycle().resolved()).as("the PCE rules did not run: nothing of theirs is resolved")
                .isEmpty();
        assertThat(partial.lifecycle().carried()).isNotEmpty();
        assertThat(again.lifecycle().newFindings()).isZero();
        assertThat(again.lifecycle().findings().values()).allSatisfy(state -> {
            assertThat(state.firstSeen()).isEqualTo("2026-11-20");
            assertThat(state.ageDays()).isEqualTo(6);
        });
        assertThat(full.lifecycle().findings()).hasSize(TestPaths.demoFindings(TestPaths.knowledgeBase()));
    }

    @Test
    void concurrentRunsOnOneArchiveEachLandInOrder() throws Exception {
        Path archive = dir.resolve("archive");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<ReportRun>> runs = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                runs.add(pool.submit(() -> run(archive, TestPaths.demo(), "2026-11-26")));
            }
            for (var r : runs) {
                r.get();
            }
        } finally {
            pool.shutdown();
        }
        List<String> ids = new Archive(archive, new PrintWriter(log)).ids();
        assertThat(ids).hasSize(6).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void foldersThatAreNotRunsAreIgnoredAndTheNewRunIsNeverPruned() throws IOException {
        Path archive = dir.resolve("archive");
        ReportRun first = run(archive, TestPaths.demo(), "2026-11-20");
        Path backup = Files.createDirectories(archive.resolve("runs/backup"));
        Files.copy(archive.resolve("runs").resolve(first.id()).resolve("report.json"), backup.resolve("report.json"));
        Path future = Files.createDirectories(archive.resolve("runs/20991231T000000000Z-abcd"));
        Files.copy(archive.resolve("runs").resolve(first.id()).resolve("report.json"), future.resolve("report.json"));
        Clock clock = Clock.fixed(Instant.parse("2026-11-26T06:00:00Z"), ZoneOffset.UTC);
        ReportRun next = new ReportRunner(new Archive(archive, new PrintWriter(log, true)), clock,
                new PrintWriter(log, true)).run(kb, SnapshotLoader.load(TestPaths.demo()), List.of(), 1, 0);
        assertThat(archive.resolve("runs").resolve(next.id())).as("the run just written stays").exists();
        assertThat(next.id()).as("after the future-dated run").isGreaterThan("20991231T000000000Z-abcd");
        assertThat(backup).exists();
    }

    @Test
    void cellsAndXmlStaySafeWhateverTheClusterSays() throws Exception {
        Path snapshot = TestPaths.copyDemo(dir);
        Path services = snapshot.resolve("cluster/services.json");
        Files.writeString(services, Files.readString(services).replace("\"name\": \"storefront\",",
                "\"name\": \"storefront\", \"annotations\": {\"caveat.io/waive\": \"KL-005\", \"caveat.io/waive-reason\":"
                        + " \"=HYPERLINK(\\\"http://evil\\\")\\u0007\"},"));
        ReportRun run = run(dir.resolve("archive"), snapshot, "2026-11-26");
        Path files = dir.resolve("archive/runs").resolve(run.id());
        assertThat(Files.readString(files.resolve("report.csv"))).contains(",\"'=HYPERLINK(").doesNotContain(",\"=HYPERLINK");
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(files.resolve("junit.xml").toFile());
    }

    @Test
    void retentionKeepsTheNewestRuns() {
        Path archive = dir.resolve("archive");
        for (String day : List.of("2026-11-20", "2026-11-21", "2026-11-22", "2026-11-23")) {
            run(archive, TestPaths.demo(), day);
        }
        Clock clock = Clock.fixed(Instant.parse("2026-11-26T06:00:00Z"), ZoneOffset.UTC);
        new ReportRunner(new Archive(archive, new PrintWriter(log, true)), clock, new PrintWriter(log, true))
                .run(kb, SnapshotLoader.load(TestPaths.demo()), List.of(), 3, 0);
        assertThat(new Archive(archive, new PrintWriter(log)).ids()).hasSize(3)
                .allSatisfy(id -> assertThat(id).isGreaterThan("20261121"));
    }
}
