package io.caveat.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.caveat.TestPaths;
import io.caveat.engine.KnowledgeBase;
import io.caveat.engine.RuleCompiler;
import io.caveat.engine.RuleSource;
import io.caveat.load.SnapshotLoader;
import io.caveat.model.Finding;
import io.caveat.model.Severity;
import io.caveat.report.Archive;
import io.caveat.report.PolicyReportApi;
import io.caveat.report.ReportRun;
import io.caveat.report.ReportRunner;
import io.caveat.report.Waivers;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's policy reports written into fabric8's CRUD mock API server by server-side apply, and read back. */
class ReportPublisherTest {
    /** What Policy Reporter shows for each severity: only high and critical fail; info is not a failure. */
    private static final Map<Severity, String> RESULT = Map.of(Severity.INFO, "pass", Severity.LOW, "warn",
            Severity.MEDIUM, "warn", Severity.HIGH, "fail", Severity.CRITICAL, "fail");

    static KnowledgeBase kb;

    @TempDir
    Path dir;

    final ReportApiServer server = new ReportApiServer();

    @BeforeAll
    static void compile() {
        kb = RuleCompiler.compile(RuleSource.directory(TestPaths.knowledgeBase()));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    ReportRun demoRun(List<Waivers.Entry> waivers) {
        PrintWriter log = new PrintWriter(new StringWriter(), true);
        return new ReportRunner(new Archive(dir.resolve("archive"), log),
                Clock.fixed(Instant.parse("2026-11-20T06:00:00Z"), ZoneOffset.UTC), log)
                .run(kb, SnapshotLoader.load(TestPaths.demo()), waivers, 0, 0);
    }

    ReportPublisher publisher(PolicyReportApi api) {
        return new ReportPublisher(() -> server.client().getConfiguration(), api);
    }

    List<GenericKubernetesResource> read(PolicyReportApi api, boolean namespaced) {
        var context = new ResourceDefinitionContext.Builder().withGroup(api.group()).withVersion(api.version())
                .withKind(namespaced ? api.kind() : api.clusterKind())
                .withPlural(namespaced ? api.plural() : api.clusterPlural()).withNamespaced(namespaced).build();
        var reports = server.client().genericKubernetesResources(context);
        return (namespaced ? reports.inAnyNamespace().list() : reports.list()).getItems();
    }

    @Test
    void everyFindingIsAResultOfItsNamespacesReportAppliedServerSide() throws Exception {
        server.withCrds(PolicyReportApi.WGPOLICY).requests();
        Path waivers = Files.writeString(dir.resolve("waivers.yaml"), """
                waivers:
                  - rule: KL-002
                    subject: {kind: DaemonSet, namespace: monitoring, name: node-exporter}
                    reason: node-exporter needs the host network
                    owner: platform-team@example.com
                    expires: 2026-12-31
                """);
        ReportRun run = demoRun(Waivers.load(waivers));

        ReportPublisher.Outcome outcome = publisher(PolicyReportApi.WGPOLICY).publish(run);

        List<GenericKubernetesResource> namespaced = read(PolicyReportApi.WGPOLICY, true);
        List<GenericKubernetesResource> cluster = read(PolicyReportApi.WGPOLICY, false);
        Set<String> namespaces = run.evaluation().findings().stream().map(f -> f.subject().namespace())
                .filter(ns -> ns != null).collect(Collectors.toCollection(TreeSet::new));
        assertThat(outcome.status()).isEqualTo(ReportPublisher.Status.PUBLISHED);
        assertThat(outcome.applied()).isEqualTo(namespaces.size() + 1);
        assertThat(namespaced).extracting(r -> r.getMetadata().getNamespace() + "/" + r.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(namespaces.stream().map(ns -> ns + "/caveat-" + ns).toList());
        assertThat(cluster).extracting(r -> r.getKind() + " " + r.getMetadata().getName())
                .containsExactly("ClusterPolicyReport caveat-cluster");

        List<Map<String, Object>> results = new ArrayList<>();
        for (GenericKubernetesResource report : concat(namespaced, cluster)) {
            assertThat(report.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "caveat");
            assertThat(report.getMetadata().getAnnotations()).containsEntry("caveat.io/run", run.id());
            results.addAll(results(report));
        }
        assertThat(results).hasSize(run.evaluation().findings().size());
        for (Finding f : run.evaluation().findings()) {
            Map<String, Object> result = results.stream().filter(r -> ((Map<?, ?>) r.get("properties"))
                    .get("fingerprint").equals(f.fingerprint())).findFirst().orElseThrow();
            assertThat(result.get("policy")).isEqualTo(f.ruleId());
            assertThat(result.get("result")).as(f.ruleId() + " " + f.subject())
                    .isEqualTo(f.waiver() != null ? "skip" : RESULT.get(f.severity()));
        }
        assertThat(results).extracting(r -> r.get("result")).contains("pass", "skip", "warn", "fail");

        Object containerHost = cluster.stream().flatMap(r -> results(r).stream())
                .filter(r -> r.get("properties").toString().contains("subject=ContainerHost/"))
                .map(r -> r.get("resources")).findFirst().orElseThrow();
        assertThat((List<?>) containerHost).isNotEmpty().allSatisfy(resource -> assertThat(resource.toString())
                .contains("apiVersion=v1", "kind=Node"));

        List<RecordedRequest> applies = server.requests().stream().filter(r -> r.getMethod().equals("PATCH")).toList();
        assertThat(applies).hasSize(outcome.applied()).allSatisfy(r -> {
            assertThat(r.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
            assertThat(r.getPath()).contains("fieldManager=caveat", "force=true");
        });
    }

    @Test
    void aNamespaceWithNothingLeftLosesItsReportAndOtherToolsReportsStay() throws Exception {
        server.withCrds(PolicyReportApi.WGPOLICY);
        var reports = server.client().genericKubernetesResources(new ResourceDefinitionContext.Builder()
                .withGroup("wgpolicyk8s.io").withVersion("v1alpha2").withKind("PolicyReport")
                .withPlural("policyreports").withNamespaced(true).build());
        reports.inNamespace("payments").resource(report("caveat-payments", Map.of("app.kubernetes.io/managed-by",
                "caveat"))).create();
        reports.inNamespace("shop").resource(report("kyverno-shop", Map.of("app.kubernetes.io/managed-by",
                "kyverno"))).create();

        ReportPublisher.Outcome outcome = publisher(PolicyReportApi.WGPOLICY).publish(demoRun(List.of()));

        assertThat(outcome.deleted()).isEqualTo(1);
        assertThat(outcome.message()).contains("deleted 1 stale");
        assertThat(read(PolicyReportApi.WGPOLICY, true)).extracting(r -> r.getMetadata().getName())
                .contains("kyverno-shop", "caveat-shop").doesNotContain("caveat-payments");
    }

    @Test
    void theNewerOpenReportsApiGetsTheSameResultsUnderItsKinds() throws Exception {
        server.withCrds(PolicyReportApi.OPENREPORTS);
        ReportRun run = demoRun(List.of());

        ReportPublisher.Outcome outcome = publisher(PolicyReportApi.OPENREPORTS).publish(run);

        List<GenericKubernetesResource> all = concat(read(PolicyReportApi.OPENREPORTS, true),
                read(PolicyReportApi.OPENREPORTS, false));
        assertThat(outcome.status()).isEqualTo(ReportPublisher.Status.PUBLISHED);
        assertThat(all).extracting(GenericKubernetesResource::getKind).containsOnly("Report", "ClusterReport");
        assertThat(all.stream().mapToInt(r -> results(r).size()).sum()).isEqualTo(run.evaluation().findings().size());
    }

    @Test
    void withoutTheCrdsNothingIsWrittenAndTheOtherServedApiIsSuggested() throws Exception {
        server.withCrds(PolicyReportApi.OPENREPORTS).requests();

        ReportPublisher.Outcome outcome = publisher(PolicyReportApi.WGPOLICY).publish(demoRun(List.of()));

        assertThat(outcome.status()).isEqualTo(ReportPublisher.Status.NO_API);
        assertThat(outcome.message()).contains("does not serve wgpolicyk8s.io/v1alpha2",
                "policyreports.wgpolicyk8s.io", "--publish-api openreports.io/v1alpha1");
        assertThat(server.requests()).noneMatch(r -> !r.getMethod().equals("GET"));
    }

    @Test
    void anUnreachableApiServerIsAFailureThatSaysWhy() {
        var unreachable = new io.fabric8.kubernetes.client.ConfigBuilder().withMasterUrl("http://127.0.0.1:1")
                .withRequestRetryBackoffLimit(0).build();

        ReportPublisher.Outcome outcome = new ReportPublisher(() -> unreachable, PolicyReportApi.WGPOLICY)
                .publish(demoRun(List.of()));

        assertThat(outcome.status()).isEqualTo(ReportPublisher.Status.FAILED);
        assertThat(outcome.message()).isEqualTo("cannot publish wgpolicyk8s.io/v1alpha2 reports");
        assertThat(outcome.failures()).singleElement().asString()
                .startsWith("cannot reach the API server http://127.0.0.1:1/");
    }

    private GenericKubernetesResource report(String name, Map<String, String> labels) {
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setApiVersion("wgpolicyk8s.io/v1alpha2");
        r.setKind("PolicyReport");
        r.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).withLabels(labels)
                .build());
        r.setAdditionalProperty("results", List.of());
        return r;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> results(GenericKubernetesResource report) {
        return (List<Map<String, Object>>) report.getAdditionalProperties().get("results");
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
