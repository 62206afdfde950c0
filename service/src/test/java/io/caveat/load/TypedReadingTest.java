package io.caveat.load;

import static io.caveat.load.SnapshotLoaderTest.of;
import static org.assertj.core.api.Assertions.assertThat;

import io.caveat.model.ContainerHost;
import io.caveat.model.Service;
import io.caveat.model.ServicePort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A field of the wrong type or range leaves its object out with a problem at the field, never a made-up value. */
class TypedReadingTest {
    @TempDir
    Path dir;

    private static final String SERVICES = """
            {"apiVersion": "v1", "kind": "List", "items": [
              {"kind": "Service", "metadata": {"name": "ok", "namespace": "shop"},
               "spec": {"ports": [{"port": 53, "protocol": "UDP"}]}},
              {"kind": "Service", "metadata": {"name": "web", "namespace": "shop"},
               "spec": {"ports": [{"port": 80},
                                  {"port": %s, "protocol": "TCP"}]}}
            ]}
            """;

    private Snapshot servicesWithSecondPort(String port) throws IOException {
        Files.writeString(dir.resolve("services.json"), SERVICES.formatted(port));
        return SnapshotLoader.load(dir);
    }

    @Test
    void aPortOutOfRangeIsAProblemAtItsLineAndColumnAndTheServiceIsLeftOut() throws IOException {
        Snapshot snapshot = servicesWithSecondPort("70000");
        assertThat(snapshot.summary().problems()).containsExactly("services.json:6:32: Service shop/web: field "
                + "spec.ports[1].port: expected a port number (1-65535), found a number (70000) (the object is left out)");
        assertThat(of(snapshot, Service.class)).extracting(Service::name).containsExactly("ok");
        assertThat(of(snapshot, ServicePort.class)).extracting(ServicePort::port).containsExactly(53);
    }

    @Test
    void wrongTypesAreNamedWithWhatWasFound() throws IOException {
        for (var c : new String[][] {{"{}", "an object"}, {"null", "null"}, {"1000000000000000000000000000000",
                "a number (1000000000000000000000000000000)"}, {"\"80\"", "a string (\"80\")"}, {"0", "a number (0)"}}) {
            Snapshot snapshot = servicesWithSecondPort(c[0]);
            assertThat(snapshot.summary().problems()).singleElement().satisfies(p -> assertThat(p)
                    .contains("field spec.ports[1].port: expected a port number (1-65535), found " + c[1]));
            assertThat(of(snapshot, Service.class)).hasSize(1);
        }
    }

    @Test
    void theKindStaysProvidedButIncompleteWithWhereTheUnreadObjectsAre() throws IOException {
        Snapshot snapshot = servicesWithSecondPort("-1");
        assertThat(snapshot.summary().provided()).contains("Service", "ServicePort");
        assertThat(snapshot.summary().incomplete()).containsEntry("Service",
                "1 object could not be read: services.json:6:32").containsKey("ServicePort");
    }

    @Test
    void aProtocolNumberAPortsObjectAndANullSpecAreProblems() throws IOException {
        Files.writeString(dir.resolve("services.yaml"), """
                kind: Service
                metadata: {name: a, namespace: shop}
                spec:
                  ports:
                  - port: 53
                    protocol: 6
                ---
                kind: Service
                metadata: {name: b, namespace: shop}
                spec:
                  ports: {port: 53}
                ---
                kind: Service
                metadata: {name: c, namespace: shop}
                spec: null
                """);
        assertThat(SnapshotLoader.load(dir).summary().problems()).containsExactly(
                "services.yaml:6:15: Service shop/a: field spec.ports[0].protocol: expected TCP, UDP or SCTP, "
                        + "found a number (6) (the object is left out)",
                "services.yaml:11:10: Service shop/b: field spec.ports: expected a list, found an object "
                        + "(the object is left out)",
                "services.yaml:15:7: Service shop/c: field spec: expected an object, found null "
                        + "(the object is left out)");
    }

    @Test
    void pceEnforcementModesAndHrefsMustBeStrings() throws IOException {
        Files.writeString(dir.resolve("workloads.json"), """
                [
                  {"href": "/orgs/1/workloads/w1", "hostname": "worker-1", "enforcement_mode": 3,
                   "container_cluster": {"href": "/orgs/1/container_clusters/c"}},
                  {"href": "/orgs/1/workloads/w2", "hostname": "worker-2", "enforcement_mode": null,
                   "container_cluster": {"href": "/orgs/1/container_clusters/c"}},
                  {"href": 12, "hostname": "worker-3", "enforcement_mode": "full"},
                  {"href": "/orgs/1/workloads/w4", "hostname": "worker-4", "enforcement_mode": "full",
                   "container_cluster": {"href": "/orgs/1/container_clusters/c"}}
                ]
                """);
        Snapshot snapshot = SnapshotLoader.load(dir);
        assertThat(snapshot.summary().problems()).containsExactly(
                "workloads.json:2:80: PCE object /orgs/1/workloads/w1: field enforcement_mode: expected a string, "
                        + "found a number (3) (the object is left out)",
                "workloads.json:4:80: PCE object /orgs/1/workloads/w2: field enforcement_mode: expected a string, "
                        + "found null (the object is left out)",
                "workloads.json:6:3: an object: field href: expected a string, found a number (12) (the object is left out)");
        assertThat(of(snapshot, ContainerHost.class)).extracting(ContainerHost::hostname).containsExactly("worker-4");
    }

    @Test
    void aRuleSetWhoseRulesAreNotAListIsAProblem() throws IOException {
        Files.writeString(dir.resolve("rule_sets.yaml"), """
                - href: /orgs/1/sec_policy/active/rule_sets/1
                  name: shop
                  scopes: [[]]
                  rules: none
                """);
        assertThat(SnapshotLoader.load(dir).summary().problems()).singleElement().satisfies(p -> assertThat(p)
                .startsWith("rule_sets.yaml:4:10: PCE object /orgs/1/sec_policy/active/rule_sets/1: field rules: "
                        + "expected a list, found a string (\"none\")"));
    }

    @Test
    void emptyNullAndItemlessFilesAreProblemsNamingTheFile() throws IOException {
        Files.writeString(dir.resolve("empty.json"), "");
        Files.writeString(dir.resolve("null.json"), "null\n");
        Files.writeString(dir.resolve("pods.json"), "{\"apiVersion\": \"v1\", \"kind\": \"PodList\", \"items\": null}");
        Snapshot snapshot = SnapshotLoader.load(dir);
        assertThat(snapshot.summary().problems()).containsExactlyInAnyOrder(
                "empty.json: holds no object or list (the file is empty, or only null)",
                "null.json: holds no object or list (the file is empty, or only null)",
                "pods.json:1:50: field items: expected a list, found null");
        assertThat(snapshot.summary().provided()).doesNotContain("Pod");
    }

    @Test
    void helmsEmptyDocumentsAreNoProblemButAStringDocumentIs() throws IOException {
        Files.writeString(dir.resolve("chart.yaml"), """
                ---
                # Source: chart/templates/empty.yaml
                ---
                kind: Namespace
                metadata: {name: shop}
                ---
                just a string
                """);
        assertThat(SnapshotLoader.load(dir).summary().problems()).containsExactly(
                "chart.yaml:7:1: expected an object or a list, found a string (\"just a string\")");
    }
}
