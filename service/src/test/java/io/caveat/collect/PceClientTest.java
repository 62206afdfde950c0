package io.caveat.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caveat.TestPaths;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PCE client against a PCE over HTTP that serves the real API shapes and plays the faults a PCE has. */
class PceClientTest {
    static final String KEY = "api_1a2b3c4d5e";
    static final String SECRET = "s3cr3t-0f-the-api-key-4b1d";
    static final java.util.List<String> LABELS = java.util.List.of("Label");

    @TempDir
    Path dir;

    FakePce pce;
    StringWriter progress = new StringWriter();
    CollectionReport report = new CollectionReport(new PrintWriter(progress, true));

    @BeforeEach
    void start() throws IOException {
        pce = new FakePce(KEY, SECRET);
    }

    @AfterEach
    void stop() {
        pce.close();
    }

    PceClient client(Duration timeout, Duration budget, String secret) {
        PceSettings settings = new PceSettings(pce.url(), "1", null, null, false, timeout, budget);
        return new PceClient(settings, credentials(secret), report);
    }

    static PceCredentials credentials(String secret) {
        return PceCredentials.load(null, Map.of(PceCredentials.KEY_ENV, KEY, PceCredentials.SECRET_ENV, secret),
                null);
    }

    @Test
    void aCollectionOverFiveHundredComesThroughTheAsyncJob() throws IOException {
        pce.serve("/orgs/1/labels", labels(1200));
        client(Duration.ofSeconds(5), Duration.ofSeconds(30), SECRET)
                .collection("/orgs/1/labels?max_results=500", "PCE labels", LABELS, new SnapshotWriter(dir), "labels.json");
        assertThat(PceClient.count(dir.resolve("pce/labels.json"))).isEqualTo(1200);
        assertThat(pce.requests).anyMatch(r -> r.startsWith("GET /api/v2/orgs/1/labels") && r.endsWith("respond-async"))
                .anyMatch(r -> r.startsWith("GET /api/v2/orgs/1/jobs/"))
                .anyMatch(r -> r.startsWith("GET /api/v2/orgs/1/datafiles/"));
        assertThat(progress.toString()).contains("collected PCE labels: 1200 objects");
    }

    @Test
    void tooManyRequestsIsAnsweredByWaitingRetryAfter() throws IOException {
        pce.serve("/orgs/1/labels", labels(3)).fault("/orgs/1/labels",
                FakePce.Fault.status(429, Map.of("Retry-After", "1")));
        long start = System.nanoTime();
        client(Duration.ofSeconds(5), Duration.ofSeconds(30), SECRET)
                .collection("/orgs/1/labels", "PCE labels", LABELS, new SnapshotWriter(dir), "labels.json");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(report.retries()).isEqualTo(1);
        assertThat(progress.toString()).contains("429 Too Many Requests, again in 1000 ms");
        assertThat(PceClient.count(dir.resolve("pce/labels.json"))).isEqualTo(3);
    }

    @Test
    void serverErrorsAndTimeoutsAreRetriedWithBackoff() throws IOException {
        pce.serve("/orgs/1/labels", labels(2))
                .fault("/orgs/1/labels", FakePce.Fault.status(500, Map.of()))
                .fault("/orgs/1/labels", FakePce.Fault.hang(2500));
        client(Duration.ofSeconds(1), Duration.ofSeconds(30), SECRET)
                .collection("/orgs/1/labels", "PCE labels", LABELS, new SnapshotWriter(dir), "labels.json");
        assertThat(report.retries()).isEqualTo(2);
        assertThat(progress.toString()).contains("500 ", "no answer within 1 s");
        assertThat(PceClient.count(dir.resolve("pce/labels.json"))).isEqualTo(2);
    }

    @Test
    void aPceThatNeverAnswersIsGivenUpWithinTheBudget() {
        pce.serve("/orgs/1/labels", labels(2));
        IntStream.range(0, 10).forEach(i -> pce.fault("/orgs/1/labels", FakePce.Fault.status(503, Map.of())));
        assertThatThrownBy(() -> client(Duration.ofSeconds(1), Duration.ofSeconds(2), SECRET)
                .collection("/orgs/1/labels", "PCE labels", LABELS, new SnapshotWriter(dir), "labels.json"))
                .isInstanceOf(PceException.class).hasMessageContaining("gave up on PCE labels after").hasMessageContaining("(budget 2 s): 503");
    }

    @Test
    void aFailedAsyncJobLeavesNoCutCollectionBehind() {
        pce.serve("/orgs/1/labels", labels(900)).failJobs = true;
        assertThatThrownBy(() -> client(Duration.ofSeconds(5), Duration.ofSeconds(30), SECRET)
                .collection("/orgs/1/labels?max_results=500", "PCE labels", LABELS, new SnapshotWriter(dir),
                        "labels.json"))
                .hasMessageContaining("async job for PCE labels failed");
        assertThat(dir.resolve("pce/labels.json")).doesNotExist();
    }

    @Test
    void aBodyThatStallsIsGivenUpWithinTheBudget() {
        pce.serve("/orgs/1/labels", labels(2));
        IntStream.range(0, 5).forEach(i -> pce.fault("/orgs/1/labels", FakePce.Fault.stallBody(20_000)));
        long start = System.nanoTime();
        assertThatThrownBy(() -> client(Duration.ofSeconds(1), Duration.ofSeconds(3), SECRET)
                .collection("/orgs/1/labels", "PCE labels", LABELS, new SnapshotWriter(dir), "labels.json"))
                .hasMessageContaining("gave up on PCE labels");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        assertThat(dir.resolve("pce/labels.json")).doesNotExist();
    }

    @Test
    void anUnknownHostFailsAtOnce() {
        PceSettings settings = new PceSettings(java.net.URI.create("https://pce.invalid:8443"), "1", null, null,
                false, Duration.ofSeconds(2), Duration.ofSeconds(60));
        long start = System.nanoTime();
        assertThatThrownBy(() -> new PceClient(settings, credentials(SECRET), report)
                .collection("/orgs/1/labels", "PCE labels", LABELS, new SnapshotWriter(dir), "labels.json"))
                .hasMessageContaining("cannot resolve the PCE host");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void anErrorThatEchoesTheRequestNeverCarriesTheCredential() {
        String basic = java.util.Base64.getEncoder().encodeToString((KEY + ":" + SECRET).getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
        pce.serve("/orgs/1/labels", labels(2)).fault("/orgs/1/labels", new FakePce.Fault(400, Map.of(),
                "Bad request. You sent: GET /api/v2/orgs/1/labels Authorization: Basic " + basic + " secret="
                        + SECRET + " " + "x".repeat(400), 0, false));
        assertThatThrownBy(() -> client(Duration.ofSeconds(1), Duration.ofSeconds(5), SECRET)
                .collection("/orgs/1/labels", "PCE labels", LABELS, new SnapshotWriter(dir), "labels.json"))
                .isInstanceOf(PceException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains("the PCE answered 400", "[redacted]")
                        .doesNotContain(basic, SECRET).hasSizeLessThan(400));
    }

    @Test
    void aRefusedConnectionFailsAfterAFewQuickTries() throws IOException {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        PceSettings settings = new PceSettings(java.net.URI.create("http://127.0.0.1:" + port), "1", null, null,
                false, Duration.ofSeconds(2), Duration.ofSeconds(120));
        long start = System.nanoTime();
        assertThatThrownBy(() -> new PceClient(settings, credentials(SECRET), report)
                .collection("/orgs/1/labels", "PCE labels", LABELS, new SnapshotWriter(dir), "labels.json"))
                .hasMessageContaining("cannot connect to the PCE", "3 tries");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aRefusedKeyIsNamedAndItsSecretIsNot() {
        pce.serve("/orgs/1/labels", labels(2));
        assertThatThrownBy(() -> client(Duration.ofSeconds(1), Duration.ofSeconds(5), "wrong-secret-9z9z")
                .collection("/orgs/1/labels", "PCE labels", LABELS, new SnapshotWriter(dir), "labels.json"))
                .isInstanceOf(PceException.class)
                .hasMessageContaining("the PCE refused API key " + KEY + " (401 Unauthorized)")
                .satisfies(e -> {
                    assertThat(((PceException) e).fatal()).isTrue();
                    assertThat(e.getMessage()).doesNotContain("wrong-secret-9z9z");
                });
    }

    @Test
    void aForbiddenCollectionIsSkippedAndTheRestIsRead() throws IOException {
        Path illumio = TestPaths.realdata("illumio");
        pce.serveFile("/orgs/1/container_clusters", TestPaths.demo().resolve("pce/container_clusters.json"))
                .serve("/orgs/1/workloads", "[]")
                .serve("/orgs/1/sec_policy/active/rule_sets", "[]")
                .serve("/orgs/1/sec_policy/active/virtual_services", "[]")
                .serve("/orgs/1/sec_policy/active/label_groups", "[]")
                .serve("/orgs/1/sec_policy/active/ip_lists", "[]")
                .serve("/orgs/1/labels", "[]")
                .serveFile("/orgs/1/pairing_profiles", illumio.resolve("pce-api_pairing_profiles.json"))
                .fault("/orgs/1/sec_policy/active/rule_sets", FakePce.Fault.status(403, Map.of()));
        PceSettings settings = new PceSettings(pce.url(), "1", null, null, false, Duration.ofSeconds(2),
                Duration.ofSeconds(10));
        new PceCollector(new PceClient(settings, credentials(SECRET), report), settings, report)
                .collect(new SnapshotWriter(dir));
        assertThat(report.unreadable()).extracting(CollectionReport.Unreadable::source)
                .contains("PCE active rule sets");
        assertThat(report.unreadable()).filteredOn(u -> u.source().equals("PCE active rule sets")).singleElement()
                .satisfies(u -> assertThat(u.reason()).contains("API key " + KEY + " may not read",
                        "403 Forbidden"));
        assertThat(dir.resolve("pce/pairing_profiles.json")).exists();
        assertThat(dir.resolve("pce/rule_sets.json")).doesNotExist();
    }

    @Test
    void aPrivateCaIsTrustedThroughTheCaBundleAndOtherwiseRefusedClearly() throws Exception {
        TestCertificate certificate = TestCertificate.create(dir);
        try (FakePce https = new FakePce(KEY, SECRET, certificate.serverContext())) {
            https.serve("/orgs/1/labels", labels(2));
            PceSettings trusted = new PceSettings(https.url(), "1", null, certificate.caPem(), false,
                    Duration.ofSeconds(2), Duration.ofSeconds(5));
            new PceClient(trusted, credentials(SECRET), report)
                    .collection("/orgs/1/labels", "PCE labels", LABELS, new SnapshotWriter(dir.resolve("a")), "labels.json");
            assertThat(PceClient.count(dir.resolve("a/pce/labels.json"))).isEqualTo(2);

            PceSettings untrusted = new PceSettings(https.url(), "1", null, null, false, Duration.ofSeconds(2),
                    Duration.ofSeconds(5));
            assertThatThrownBy(() -> new PceClient(untrusted, credentials(SECRET), report)
                    .collection("/orgs/1/labels", "PCE labels", LABELS, new SnapshotWriter(dir.resolve("b")), "labels.json"))
                    .hasMessageContaining("TLS with the PCE").hasMessageContaining("--ca-bundle");

            PceSettings insecure = new PceSettings(https.url(), "1", null, null, true, Duration.ofSeconds(2),
                    Duration.ofSeconds(5));
            new PceClient(insecure, credentials(SECRET), report)
                    .collection("/orgs/1/labels", "PCE labels", LABELS, new SnapshotWriter(dir.resolve("c")), "labels.json");
            assertThat(progress.toString()).contains("TLS verification of the PCE is OFF");
        }
    }

    static String labels(int n) {
        return IntStream.range(0, n).mapToObj(i -> "{\"href\":\"/orgs/1/labels/" + i + "\",\"key\":\"app\","
                + "\"value\":\"A-" + i + "\"}").collect(Collectors.joining(",", "[", "]"));
    }
}
