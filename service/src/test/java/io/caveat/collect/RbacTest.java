package io.caveat.collect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.caveat.TestPaths;
import io.caveat.engine.RuleCompiler;
import io.caveat.engine.RuleSource;
import io.caveat.load.SnapshotLoader;
import io.caveat.publish.ReportApiServer;
import io.caveat.publish.ReportPublisher;
import io.caveat.report.Archive;
import io.caveat.report.PolicyReportApi;
import io.caveat.report.PolicyReportFormat;
import io.caveat.report.ReportRun;
import io.caveat.report.ReportRunner;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/deploy/base/rbac.yaml grants exactly the requests the collector and the publisher make: no more, no less. */
@EnableKubernetesMockClient
class RbacTest {
    private static final Pattern PATH = Pattern.compile(
            "^/(?:api/v1|apis/([^/]+)/v[^/]+)(?:/namespaces/([^/]+))?/([a-z]+)(?:/([^/?]+))?");
    /** API discovery, which every authenticated account may read (system:discovery). */
    private static final Pattern DISCOVERY = Pattern.compile("^/(?:api|apis)(?:/[^/]+(?:/v[^/]+)?)?/?(?:\\?.*)?$");
    private static final String PUBLISHER = "caveat-report-publisher";

    KubernetesMockServer server;
    KubernetesClient client;

    @TempDir
    Path dir;

    @Test
    void theRoleGrantsExactlyWhatTheCollectorRequests() throws Exception {
        new KubernetesCollector(client, "illumio-system", 500, new CollectionReport(new PrintWriter(new StringWriter())))
                .collect(new SnapshotWriter(dir));
        Set<String> requested = new TreeSet<>();
        RecordedRequest request;
        while ((request = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            requested.addAll(grants(request));
        }
        assertThat(granted(role -> !role.equals(PUBLISHER))).isEqualTo(requested);
    }

    @Test
    void thePublisherRoleGrantsExactlyWhatPublishingRequests() throws Exception {
        Set<String> requested = new TreeSet<>();
        for (PolicyReportApi api : PolicyReportApi.values()) {
            try (ReportApiServer apiServer = new ReportApiServer()) {
                apiServer.withCrds(api);
                // Reports this run has no use for, which publishing deletes: a namespace that has nothing left,
                // and the second part of a cluster report that fits in one now.
                apiServer.client().resource(stale(api.kind(), api, "gone", "caveat-gone")).create();
                apiServer.client().resource(stale(api.clusterKind(), api, null, "caveat-cluster-2")).create();
                apiServer.requests();
                PrintWriter log = new PrintWriter(new StringWriter(), true);
                ReportRun run = new ReportRunner(new Archive(dir.resolve(api.group()), log), Clock.systemUTC(), log)
                        .run(RuleCompiler.compile(RuleSource.directory(TestPaths.knowledgeBase())),
                                SnapshotLoader.load(TestPaths.demo()), List.of(), 0, 0);
                ReportPublisher.Outcome outcome = new ReportPublisher(() -> apiServer.client().getConfiguration(), api)
                        .publish(run);
                assertThat(outcome.deleted()).isEqualTo(2);
                for (RecordedRequest r : apiServer.requests()) {
                    // A ClusterRole grants in every namespace, which the publisher needs (a report per namespace).
                    grants(r).forEach(g -> requested.add(g.replaceFirst(" in .*", "")));
                }
            }
        }
        assertThat(granted(PUBLISHER::equals)).isEqualTo(requested);
    }

    private static GenericKubernetesResource stale(String kind, PolicyReportApi api, String namespace, String name) {
        GenericKubernetesResource report = new GenericKubernetesResource();
        report.setApiVersion(api.apiVersion());
        report.setKind(kind);
        report.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace)
                .withLabels(Map.of(PolicyReportFormat.MANAGED_BY, PolicyReportFormat.CAVEAT)).build());
        return report;
    }

    /**
     * The RBAC grants one request needs. A server-side apply is a PATCH that creates the object when it is absent,
     * so it needs both verbs.
     */
    private static List<String> grants(RecordedRequest request) {
        if (DISCOVERY.matcher(request.getPath()).matches()) {
            return List.of();
        }
        Matcher m = PATH.matcher(request.getPath());
        assertThat(m.find()).as(request.getPath()).isTrue();
        List<String> verbs = switch (request.getMethod()) {
            case "GET" -> List.of(m.group(4) == null ? "list" : "get");
            case "PATCH" -> "application/apply-patch+yaml".equals(request.getHeader("Content-Type"))
                    ? List.of("patch", "create") : List.of("patch");
            case "POST" -> List.of("create");
            case "DELETE" -> List.of("delete");
            default -> throw new AssertionError("unexpected request " + request.getMethod() + " " + request.getPath());
        };
        // Only reads are granted by name (resourceNames); the publisher writes objects of any name.
        String name = request.getMethod().equals("GET") ? m.group(4) : null;
        return verbs.stream().map(verb -> grant(m.group(1), m.group(3), verb, name, m.group(2))).toList();
    }

    /** What the roles of rbac.yaml whose names pass the filter grant. */
    private static Set<String> granted(Predicate<String> roles) throws Exception {
        Set<String> granted = new TreeSet<>();
        try (MappingIterator<JsonNode> docs = new YAMLMapper().readerFor(JsonNode.class)
                .readValues(TestPaths.repo().resolve("docs/deploy/base/rbac.yaml").toFile())) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                String kind = doc.path("kind").asText();
                if (!kind.equals("ClusterRole") && !kind.equals("Role")
                        || !roles.test(doc.path("metadata").path("name").asText())) {
                    continue;
                }
                String namespace = kind.equals("Role") ? doc.path("metadata").path("namespace").asText() : null;
                for (JsonNode rule : doc.path("rules")) {
                    for (JsonNode group : rule.path("apiGroups")) {
                        for (JsonNode resource : rule.path("resources")) {
                            for (JsonNode verb : rule.path("verbs")) {
                                List<String> names = new ArrayList<>();
                                rule.path("resourceNames").forEach(n -> names.add(n.asText()));
                                if (names.isEmpty()) {
                                    names.add(null);
                                }
                                for (String name : names) {
                                    granted.add(grant(group.asText().isEmpty() ? null : group.asText(),
                                            resource.asText(), verb.asText(), name, namespace));
                                }
                            }
                        }
                    }
                }
            }
        }
        return granted;
    }

    private static String grant(String group, String resource, String verb, String name, String namespace) {
        return (group == null ? "core" : group) + "/" + resource + " " + verb + (name == null ? "" : " " + name)
                + (namespace == null ? "" : " in " + namespace);
    }
}
