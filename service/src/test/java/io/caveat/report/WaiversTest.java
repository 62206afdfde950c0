package io.caveat.report;

import io.caveat.TestPaths;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caveat.engine.KnowledgeBase;
import io.caveat.engine.RuleCompiler;
import io.caveat.engine.RuleSource;
import io.caveat.evaluate.EvaluateSnapshot;
import io.caveat.load.SnapshotLoader;
import io.caveat.model.Evaluation;
import io.caveat.model.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Waivers on the demo, with a fixed day: applied, expired, stale, annotation-based, invalid. */
class WaiversTest {
    static final LocalDate TODAY = LocalDate.of(2026, 11, 26);
    static KnowledgeBase kb;

    @TempDir
    Path dir;

    @BeforeAll
    static void compile() {
        kb = RuleCompiler.compile(RuleSource.directory(TestPaths.knowledgeBase()));
    }

    @Test
    void fileWaiversApplyUntilTheyExpireAndUnusedOnesAreStale() throws IOException {
        Path file = Files.writeString(dir.resolve("waivers.yaml"), """
                waivers:
                  - rule: KL-002
                    subject: {kind: DaemonSet, namespace: monitoring, name: node-*}
                    reason: node-exporter needs the host network; its port is firewalled by the host rules
                    owner: platform-team@example.com
                    expires: 2026-12-31
                  - rule: KL-005
                    subject: {namespace: shop}
                    reason: accepted until the ingress migration
                    owner: shop-team@example.com
                    expires: 2026-11-25
                  - rule: KL-003
                    subject: {name: RS-OLD*}
                    reason: old rule set, being removed
                    owner: secops@example.com
                    expires: 2027-03-01
                """);
        Evaluation e = EvaluateSnapshot.run(kb, SnapshotLoader.load(TestPaths.demo()), Waivers.load(file), TODAY);

        Finding nodeExporter = find(e, "KL-002", "DaemonSet/monitoring/node-exporter");
        assertThat(nodeExporter.waiver().owner()).isEqualTo("platform-team@example.com");
        assertThat(nodeExporter.waiver().source()).isEqualTo("waivers.yaml#1");
        assertThat(find(e, "KL-005", "Service/shop/storefront").waiver()).as("expired yesterday").isNull();
        assertThat(e.waivers().applied()).isEqualTo(1);
        assertThat(e.waivers().expired()).singleElement().satisfies(w -> assertThat(w).startsWith("waivers.yaml#2")
                .contains("expired 2026-11-25"));
        assertThat(e.waivers().stale()).singleElement().satisfies(w -> assertThat(w).startsWith("waivers.yaml#3"));
        assertThat(e.findings()).hasSize(TestPaths.demoFindings(TestPaths.knowledgeBase()));
    }

    @Test
    void annotationsWaiveTheirObjectOrNamespaceAndNeedAReason() throws IOException {
        Path snapshot = TestPaths.copyDemo(dir);
        Path services = snapshot.resolve("cluster/services.json");
        Files.writeString(services, Files.readString(services).replaceFirst("\"name\": \"storefront\",",
                "\"name\": \"storefront\", \"annotations\": {\"caveat.io/waive\": \"KL-005, KL-006\","
                        + " \"caveat.io/waive-reason\": \"lab service, not exposed\"},"));
        Path namespaces = snapshot.resolve("cluster/namespaces.json");
        Files.writeString(namespaces, Files.readString(namespaces).replaceFirst("\"name\": \"monitoring\",",
                "\"name\": \"monitoring\", \"annotations\": {\"caveat.io/waive\": \"KL-002\"},"));

        Evaluation e = EvaluateSnapshot.run(kb, SnapshotLoader.load(snapshot), List.of(), TODAY);

        assertThat(find(e, "KL-005", "Service/shop/storefront").waiver().source())
                .isEqualTo("annotation caveat.io/waive on Service/shop/storefront");
        assertThat(find(e, "KL-006", "Service/shop/storefront").waiver().reason()).isEqualTo("lab service, not exposed");
        assertThat(find(e, "KL-002", "DaemonSet/monitoring/node-exporter").waiver()).as("no reason given").isNull();
        assertThat(e.waivers().invalid()).singleElement().satisfies(w -> assertThat(w)
                .contains("Namespace/monitoring has no caveat.io/waive-reason"));
    }

    @Test
    void evaluateAndReportWaiveTheSameFindings() throws IOException {
        Path file = Files.writeString(dir.resolve("waivers.yaml"), """
                waivers:
                  - rule: KL-00[12]
                    reason: "brackets are literal in a rule glob, so this matches nothing"
                    owner: o
                    expires: 2027-01-01
                  - rule: KL-00*
                    subject: {namespace: shop}
                    reason: shop is a lab
                    owner: shop-team@example.com
                    expires: 2026-11-26
                """);
        List<Waivers.Entry> entries = Waivers.load(file);
        Evaluation evaluated = EvaluateSnapshot.run(kb, SnapshotLoader.load(TestPaths.demo()), entries, TODAY);
        ReportRun reported = new ReportRunner(new Archive(dir.resolve("archive"), new java.io.PrintWriter(
                new java.io.StringWriter())), java.time.Clock.fixed(TODAY.atTime(6, 0).toInstant(java.time.ZoneOffset.UTC),
                java.time.ZoneOffset.UTC), new java.io.PrintWriter(new java.io.StringWriter()))
                .run(kb, SnapshotLoader.load(TestPaths.demo()), entries, 0, 0);
        assertThat(reported.evaluation().findings()).extracting(f -> f.fingerprint() + " " + f.waiver())
                .isEqualTo(evaluated.findings().stream().map(f -> f.fingerprint() + " " + f.waiver()).toList());
        assertThat(evaluated.waivers().applied()).as("KL-002 edge-router, KL-005 and KL-006 storefront; the last"
                + " day of a waiver still counts").isEqualTo(3);
        assertThat(evaluated.waivers().stale()).singleElement().satisfies(w -> assertThat(w).startsWith("waivers.yaml#1"));
    }

    @Test
    void aMisspeltKeyIsRefusedRatherThanWaivingEverything() throws IOException {
        Path file = Files.writeString(dir.resolve("typo.yaml"), """
                waivers:
                  - rule: KL-002
                    subjet: {name: node-exporter}
                    reason: r
                    owner: o
                    expires: 2027-01-01
                  - rule: KL-002
                    subject: {namespace: ~}
                    reason: r
                    owner: o
                    expires: 2027-01-01
                """);
        assertThatThrownBy(() -> Waivers.load(file)).hasMessageContaining("typo.yaml#1: unknown or malformed subjet")
                .hasMessageContaining("typo.yaml#2: unknown or malformed subject.namespace (must be text");
    }

    @Test
    void aWaiverShadowedByAnEarlierOneIsNotStale() throws IOException {
        Path file = Files.writeString(dir.resolve("w.yaml"), """
                waivers:
                  - {rule: KL-006, subject: {namespace: shop}, reason: first, owner: o, expires: 2027-01-01}
                  - {rule: KL-006, subject: {name: store*}, reason: second, owner: o, expires: 2027-01-01}
                """);
        Evaluation e = EvaluateSnapshot.run(kb, SnapshotLoader.load(TestPaths.demo()), Waivers.load(file), TODAY);
        assertThat(find(e, "KL-006", "Service/shop/storefront").waiver().reason()).isEqualTo("first");
        assertThat(e.waivers().stale()).isEmpty();
    }

    @Test
    void aMalformedWaiversFileSaysWhere() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.yaml"), "waivers:\n  - rule: KL-002\n    reason: a: b\n");
        assertThatThrownBy(() -> Waivers.load(file)).hasMessageContaining("bad.yaml:3:");
    }

    @Test
    void everyEntryNeedsItsFieldsAndADate() throws IOException {
        Path file = Files.writeString(dir.resolve("w.yaml"), """
                waivers:
                  - rule: KL-002
                    reason: no owner, no expiry
                  - rule: KL-003
                    reason: r
                    owner: o
                    expires: next year
                """);
        assertThatThrownBy(() -> Waivers.load(file)).hasMessageContaining("w.yaml#1: owner, expires are required")
                .hasMessageContaining("w.yaml#2: expires must be a date like 2027-01-31, not 'next year'");
    }

    static Finding find(Evaluation e, String rule, String subject) {
        return e.findings().stream().filter(f -> f.ruleId().equals(rule) && f.subject().toString().equals(subject))
                .findFirst().orElseThrow(() -> new AssertionError("no " + rule + " on " + subject));
    }
}
