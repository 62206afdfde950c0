package io.caveat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.caveat.TestPaths;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubectl apply -k --dry-run=client accepts docs/deploy/base. kubectl resolves kinds
 * through API discovery even for a client dry run: fabric8's mock server answers it.
 */
@EnableKubernetesMockClient(https = false)
class KubectlDryRunTest {
    static final Path KUBECTL = Path.of("/usr/bin/kubectl");

    KubernetesMockServer server;

    @TempDir
    Path dir;

    @Test
    void kubectlAcceptsTheDeployManifests() throws Exception {
        assertThat(KUBECTL).as("kubectl").isExecutable();
        discovery("/api", "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":[]}");
        discovery("/apis", "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":["
                + group("apps") + "," + group("batch") + "," + group("rbac.authorization.k8s.io") + ","
                + group("networking.k8s.io") + "]}");
        resources("/api/v1", "v1", Map.of("configmaps", "ConfigMap", "services", "Service", "serviceaccounts",
                "ServiceAccount", "persistentvolumeclaims", "PersistentVolumeClaim"));
        resources("/apis/apps/v1", "apps/v1", Map.of("deployments", "Deployment"));
        resources("/apis/batch/v1", "batch/v1", Map.of("cronjobs", "CronJob"));
        resources("/apis/networking.k8s.io/v1", "networking.k8s.io/v1", Map.of("networkpolicies", "NetworkPolicy"));
        resources("/apis/rbac.authorization.k8s.io/v1", "rbac.authorization.k8s.io/v1", Map.of("roles", "Role",
                "rolebindings", "RoleBinding", "clusterroles", "ClusterRole", "clusterrolebindings",
                "ClusterRoleBinding"));
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "%s"}}]
                contexts: [{name: mock, context: {cluster: mock, user: u}}]
                current-context: mock
                users: [{name: u, user: {token: t}}]
                """.formatted(server.url("/").replaceFirst("/$", "")));
        Path deploy = TestPaths.repo().resolve("docs/deploy");
        Process kubectl = new ProcessBuilder(List.of(KUBECTL.toString(), "--kubeconfig", kubeconfig.toString(),
                "apply", "--dry-run=client", "--validate=false", "-k", deploy.resolve("base").toString()))
                .redirectErrorStream(true).start();
        String output = new String(kubectl.getInputStream().readAllBytes());
        assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(kubectl.exitValue()).as(output).isZero();
        assertThat(output).contains("deployment.apps/caveat created (dry run)",
                "networkpolicy.networking.k8s.io/caveat created (dry run)",
                "clusterrole.rbac.authorization.k8s.io/caveat-reader");
    }

    /** kubectl asks with and without its request timeout in the query. */
    private void discovery(String path, String body) {
        server.expect().get().withPath(path).andReturn(200, body).always();
        server.expect().get().withPath(path + "?timeout=32s").andReturn(200, body).always();
    }

    private static String group(String name) {
        return "{\"name\":\"" + name + "\",\"versions\":[{\"groupVersion\":\"" + name + "/v1\",\"version\":\"v1\"}],"
                + "\"preferredVersion\":{\"groupVersion\":\"" + name + "/v1\",\"version\":\"v1\"}}";
    }

    /** A group version's resource list; kinds named Cluster... are cluster-scoped. */
    private void resources(String path, String groupVersion, Map<String, String> kinds) {
        StringBuilder items = new StringBuilder();
        kinds.forEach((plural, kind) -> items.append(items.length() == 0 ? "" : ",").append("{\"name\":\"")
                .append(plural).append("\",\"singularName\":\"\",\"namespaced\":").append(!kind.startsWith("Cluster"))
                .append(",\"kind\":\"").append(kind).append("\",\"verbs\":[\"get\",\"list\",\"create\",\"patch\"]}"));
        discovery(path, "{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\"" + groupVersion
                + "\",\"resources\":[" + items + "]}");
    }
}
