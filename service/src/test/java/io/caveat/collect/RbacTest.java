package io.caveat.collect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.caveat.TestPaths;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/deploy/base/rbac.yaml grants exactly the requests the collector makes: no more, no less. */
@EnableKubernetesMockClient
class RbacTest {
    private static final Pattern PATH = Pattern.compile(
            "^/(?:api/v1|apis/([^/]+)/v1)(?:/namespaces/([^/]+))?/([a-z]+)(?:/([^/?]+))?");

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
            Matcher m = PATH.matcher(request.getPath());
            assertThat(m.find()).as(request.getPath()).isTrue();
            String verb = m.group(4) == null ? "list" : "get";
            requested.add(grant(m.group(1), m.group(3), verb, m.group(4), m.group(2)));
        }

        Set<String> granted = new TreeSet<>();
        try (MappingIterator<JsonNode> docs = new YAMLMapper().readerFor(JsonNode.class)
                .readValues(TestPaths.repo().resolve("docs/deploy/base/rbac.yaml").toFile())) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                String kind = doc.path("kind").asText();
                if (!kind.equals("ClusterRole") && !kind.equals("Role")) {
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
        assertThat(granted).isEqualTo(requested);
    }

    private static String grant(String group, String resource, String verb, String name, String namespace) {
        return (group == null ? "core" : group) + "/" + resource + " " + verb + (name == null ? "" : " " + name)
                + (namespace == null ? "" : " in " + namespace);
    }
}
