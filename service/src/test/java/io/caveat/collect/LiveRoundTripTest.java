package io.caveat.collect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caveat.TestPaths;
import io.caveat.cli.Main;
import io.caveat.publish.ReportApiServer;
import io.caveat.report.PolicyReportApi;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo cluster served by fabric8's mock API server and the demo PCE by a PCE over HTTP: evaluate --live, a
 * snapshot evaluated later, and the offline demo must give the same findings; the PCE secret appears nowhere.
 */
class LiveRoundTripTest {
    static final String CLUSTER = "/orgs/1/container_clusters/8f2c4b1e-6a3d-4e5f-9b7c-2d1e0f3a4b5c";

    /** fabric8's CRUD mock API server, with server-side apply for publishing. */
    final ReportApiServer apiServer = new ReportApiServer();
    final KubernetesClient client = apiServer.client();

    @TempDir
    Path dir;

    FakePce pce;
    Path kubeconfig;
    Path credentials;

    @BeforeEach
    void cluster() throws IOException {
        Path demo = TestPaths.demo();
        try (Stream<Path> files = Files.walk(demo.resolve("cluster"))) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                MockCluster.load(client, file);
            }
        }
        pce = new FakePce(PceClientTest.KEY, PceClientTest.SECRET);
        Path p = demo.resolve("pce");
        pce.serveFile("/orgs/1/container_clusters", p.resolve("container_clusters.json"))
                .serveFile("/orgs/1/workloads", p.resolve("workloads.json"))
                .serveFile(CLUSTER + "/container_workload_profiles", p.resolve("container_workload_profiles.json"))
                .serveFile(CLUSTER + "/service_backends", p.resolve("service_backends.json"))
                .serveFile("/orgs/1/sec_policy/active/rule_sets", p.resolve("rule_sets.json"))
                .serveFile("/orgs/1/sec_policy/active/virtual_services", p.resolve("virtual_services.json"))
                .serve("/orgs/1/sec_policy/active/label_groups", "[]")
                .serveFile("/orgs/1/sec_policy/active/ip_lists", p.resolve("ip_lists.json"))
                .serveFile("/orgs/1/labels", p.resolve("labels.json"))
                .serveFile("/orgs/1/pairing_profiles", p.resolve("pairing_profiles.json"));
        kubeconfig = apiServer.kubeconfig(dir);
        credentials = dir.resolve("pce-credentials.yaml");
        Files.writeString(credentials, "key: " + PceClientTest.KEY + "\nsecret: " + PceClientTest.SECRET + "\n");
    }

    @AfterEach
    void stop() {
        pce.close();
        apiServer.close();
    }

    @Test
    void liveSnapshotAndOfflineEvaluationsGiveTheSameFindings() throws IOException {
        String[] sources = {"--kubeconfig", kubeconfig.toString(), "--pce-url", pce.url().toString(),
                "--pce-credentials", credentials.toString(), "--pce-cluster", "ocp-prod-east"};
        StringWriter liveErr = new StringWriter();
        String live = run(liveErr, concat(new String[]{"evaluate", "--live", "--output", "json",
                "--rules", TestPaths.knowledgeBase().toString()}, sources));
        Path snapshot = dir.resolve("snap");
        StringWriter snapErr = new StringWriter();
        String written = run(snapErr, concat(new String[]{"snapshot", "--out", snapshot.toString()}, sources));
        String later = run(new StringWriter(), "evaluate", "--output", "json", "--rules", TestPaths.knowledgeBase().toString(),
                snapshot.toString());
        String offline = run(new StringWriter(), "evaluate", "--output", "json", "--rules",
                TestPaths.knowledgeBase().toString(), TestPaths.demo().toString());

        assertThat(findings(live)).hasSize(TestPaths.demoFindings(TestPaths.knowledgeBase()))
                .isEqualTo(findings(offline)).isEqualTo(findings(later));
        assertThat(written).startsWith("snapshot written to " + snapshot);
        assertThat(liveErr.toString()).contains("collected pods: 16 objects", "collected PCE active rule sets");
        assertThat(snapshot.resolve("manifest.json")).exists();

        List<String> everything = new ArrayList<>(List.of(live, liveErr.toString(), written, snapErr.toString(),
                later));
        try (Stream<Path> files = Files.walk(snapshot)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                everything.add(Files.readString(f));
            }
        }
        assertThat(everything).noneMatch(text -> text.contains(PceClientTest.SECRET));
    }

    @Test
    void aLiveReportIsPublishedAsPolicyReportsThatReadBack() throws IOException {
        apiServer.withCrds(PolicyReportApi.WGPOLICY);
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "report", "--live", "--publish",
                "--archive", dir.resolve("archive").toString(), "--rules", TestPaths.knowledgeBase().toString(),
                "--kubeconfig", kubeconfig.toString(), "--pce-url", pce.url().toString(), "--pce-credentials",
                credentials.toString(), "--pce-cluster", "ocp-prod-east");

        List<GenericKubernetesResource> reports = new ArrayList<>(client.genericKubernetesResources(
                "wgpolicyk8s.io/v1alpha2", "PolicyReport").inAnyNamespace().list().getItems());
        reports.addAll(client.genericKubernetesResources("wgpolicyk8s.io/v1alpha2", "ClusterPolicyReport").list()
                .getItems());
        assertThat(status).as(err.toString()).isZero();
        assertThat(err.toString()).contains("published " + reports.size() + " wgpolicyk8s.io/v1alpha2 report(s)");
        assertThat(reports.stream().mapToInt(r -> ((List<?>) r.getAdditionalProperties().get("results")).size())
                .sum()).isEqualTo(TestPaths.demoFindings(TestPaths.knowledgeBase()));
    }

    @Test
    void aClusterWithoutTheReportCrdsIsWarnedAboutAndTheRunStands() {
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "report",
                TestPaths.demo().toString(), "--publish", "--archive", dir.resolve("archive").toString(),
                "--rules", TestPaths.knowledgeBase().toString(), "--kubeconfig", kubeconfig.toString());

        assertThat(status).as(err.toString()).isZero();
        assertThat(err.toString()).contains("does not serve wgpolicyk8s.io/v1alpha2 PolicyReport");
        assertThat(dir.resolve("archive/runs")).isNotEmptyDirectory();
    }

    @Test
    void aFailedPublishKeepsTheRunAndExitsThree() throws IOException {
        Path unreachable = Files.writeString(dir.resolve("unreachable"), Files.readString(kubeconfig)
                .replace(client.getConfiguration().getMasterUrl().replaceFirst("/$", ""), "http://127.0.0.1:1"));
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "report",
                TestPaths.demo().toString(), "--publish", "--archive", dir.resolve("archive").toString(),
                "--rules", TestPaths.knowledgeBase().toString(), "--kubeconfig", unreachable.toString());

        assertThat(status).isEqualTo(3);
        assertThat(err.toString()).contains("cannot publish wgpolicyk8s.io/v1alpha2 reports",
                "cannot reach the API server http://127.0.0.1:1");
        assertThat(dir.resolve("archive/runs")).isNotEmptyDirectory();
    }

    @Test
    void aPceThatEchoesTheCredentialLeavesNoTraceOfItInAnyOutputOrArchiveFile() throws IOException {
        String basic = java.util.Base64.getEncoder().encodeToString((PceClientTest.KEY + ":" + PceClientTest.SECRET)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        pce.fault("/orgs/1/sec_policy/active/rule_sets", new FakePce.Fault(400, java.util.Map.of(),
                "Bad request. You sent: Authorization: Basic " + basic + " (secret " + PceClientTest.SECRET + ")", 0,
                false));
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "report", "--live",
                "--archive", dir.resolve("archive").toString(), "--rules", TestPaths.knowledgeBase().toString(),
                "--kubeconfig", kubeconfig.toString(), "--pce-url", pce.url().toString(), "--pce-credentials",
                credentials.toString(), "--pce-cluster", "ocp-prod-east");

        assertThat(status).as(err.toString()).isEqualTo(2);
        assertThat(err.toString()).contains("the PCE answered 400", "[redacted]");
        List<Path> written;
        try (Stream<Path> files = Files.walk(dir.resolve("archive"))) {
            written = files.filter(Files::isRegularFile).toList();
        }
        assertThat(written).extracting(f -> f.getFileName().toString()).contains("report.json", "report.html");
        for (Path file : written) {
            assertThat(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .as(file.toString()).doesNotContain(PceClientTest.SECRET, basic);
        }
        assertThat(out.toString() + err).doesNotContain(PceClientTest.SECRET, basic);
    }

    @Test
    void whatTheKeyMayNotReadLeavesItsRulesNotEvaluatedWithTheRefusalAsReason() throws IOException {
        pce.fault("/orgs/1/sec_policy/active/rule_sets", FakePce.Fault.status(403, java.util.Map.of()));
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "evaluate", "--live", "--output",
                "json", "--rules", TestPaths.knowledgeBase().toString(), "--kubeconfig", kubeconfig.toString(),
                "--pce-url", pce.url().toString(), "--pce-credentials", credentials.toString(), "--pce-cluster",
                "ocp-prod-east");
        String json = out.toString();
        assertThat(status).as("a source asked for and not read: exit 2, with the findings of the rest").isEqualTo(2);
        assertThat(new ObjectMapper().readTree(json).get("findings")).isNotEmpty();
        assertThat(err.toString()).contains("1 source(s) could not be read or judged", "SecurityRule");
        JsonNode kl003 = new ObjectMapper().readTree(json).get("rules").get(2);
        assertThat(kl003.get("id").asText()).isEqualTo("KL-003");
        assertThat(kl003.get("status").asText()).isEqualTo("not-evaluated");
        assertThat(kl003.get("reason").asText()).contains("the live collection could not read it",
                "API key " + PceClientTest.KEY + " may not read /api/v2/orgs/1/sec_policy/active/rule_sets");
        assertThat(err.toString()).contains("could not read PCE active rule sets");
    }

    @Test
    void aSnapshotReplacesOnlyAPreviousSnapshotAndAFailedRunLeavesItWhole() throws IOException {
        Path foreign = Files.createDirectories(dir.resolve("project"));
        Files.writeString(foreign.resolve("manifest.json"), "{\"name\": \"app\"}");
        StringWriter err = new StringWriter();
        run(err, "snapshot", "--out", foreign.toString(), "--kubeconfig", kubeconfig.toString());
        assertThat(err.toString()).contains("holds something else than a caveat snapshot");
        assertThat(Files.readString(foreign.resolve("manifest.json"))).contains("app");

        Path snapshot = dir.resolve("snap");
        run(new StringWriter(), "snapshot", "--out", snapshot.toString(), "--kubeconfig", kubeconfig.toString());
        Path pods = snapshot.resolve("kubernetes/pods.json");
        String before = Files.readString(pods);
        StringWriter failed = new StringWriter();
        run(failed, "snapshot", "--out", snapshot.toString(), "--kubeconfig", kubeconfig.toString(),
                "--pce-url", pce.url().toString(), "--pce-credentials", dir.resolve("missing.yaml").toString());
        assertThat(failed.toString()).contains("missing.yaml");
        assertThat(Files.readString(pods)).isEqualTo(before);
        assertThat(snapshot.resolve("manifest.json")).exists();
    }

    @Test
    void anUnknownContextIsRefusedLikeKubectlDoes() {
        StringWriter err = new StringWriter();
        run(err, "snapshot", "--out", dir.resolve("s").toString(), "--kubeconfig", kubeconfig.toString(),
                "--context", "prod-typo");
        assertThat(err.toString()).contains("no context 'prod-typo' in the kubeconfig (it has mock)");
        assertThat(dir.resolve("s/manifest.json")).doesNotExist();
    }

    private static String run(StringWriter err, String... args) {
        StringWriter out = new StringWriter();
        Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return out.toString();
    }

    /** Rule, fingerprint and message of every finding, in report order. */
    private static List<String> findings(String json) throws IOException {
        JsonNode evaluation = new ObjectMapper().readTree(json);
        List<String> out = new ArrayList<>();
        evaluation.get("findings").forEach(f -> out.add(f.get("ruleId").asText() + " " + f.get("fingerprint").asText()
                + " " + f.get("message").asText()));
        return out;
    }

    private static String[] concat(String[] a, String[] b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }
}
