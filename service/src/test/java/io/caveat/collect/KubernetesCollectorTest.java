package io.caveat.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.caveat.TestPaths;
import io.caveat.load.Snapshot;
import io.caveat.load.SnapshotLoader;
import io.caveat.model.Cluster;
import io.caveat.model.Pod;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EnableKubernetesMockClient(crud = true)
class KubernetesCollectorTest {
    KubernetesClient client;

    @TempDir
    Path dir;

    @Test
    void aMustGatherClusterIsReadPageByPageIntoTheOfflineFormat() throws IOException {
        int pods = MockCluster.load(client, TestPaths.realdata("kubernetes/mg-aws_pods_all-namespaces.yaml"));
        MockCluster.load(client, TestPaths.realdata("kubernetes/mg-aws_nodes.yaml"));
        MockCluster.load(client, TestPaths.realdata("kubernetes/mg-aws_services_all-namespaces.yaml"));
        MockCluster.load(client, TestPaths.realdata("openshift/mg-aws_networks.operator.openshift.io_cluster.yaml"));
        StringWriter progress = new StringWriter();
        CollectionReport report = new CollectionReport(new PrintWriter(progress, true));

        new KubernetesCollector(client, "illumio-system", 100, report).collect(new SnapshotWriter(dir));

        assertThat(pods).isEqualTo(239);
        assertThat(report.objects()).containsEntry("pods", 239L).containsEntry("nodes", 6L)
                .containsEntry("services", 78L).containsEntry("networks.operator.openshift.io", 1L);
        Snapshot snapshot = SnapshotLoader.load(dir);
        assertThat(snapshot.summary().problems()).isEmpty();
        assertThat(snapshot.facts().stream().filter(f -> f instanceof Pod p && p.hostNetwork())).hasSize(80);
        assertThat(snapshot.facts().stream().filter(Cluster.class::isInstance).map(Cluster.class::cast))
                .singleElement().satisfies(c -> assertThat(c.networkType()).isEqualTo("OpenShiftSDN"));
        assertThat(Files.list(dir.resolve("kubernetes")).map(p -> p.getFileName().toString()))
                .as("no partial file is left").noneMatch(n -> n.endsWith(".partial"));
    }

    @Test
    void configMapDataAndInlineEnvValuesNeverReachTheSnapshot() throws IOException {
        client.configMaps().inNamespace("illumio-system").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("illumio-config").withNamespace("illumio-system").endMetadata()
                .addToData("reportHostNetworkKubernetesWorkloads", "true")
                .addToData("proxy", "http://admin:hunter2@proxy:3128").build()).create();
        MockCluster.load(client, TestPaths.demo().resolve("cluster/workloads.json"));
        client.apps().daemonSets().inNamespace("illumio-system").withName("illumio-ven").edit(ds -> {
            ds.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()
                    .add(new io.fabric8.kubernetes.api.model.EnvVar("ILO_CODE", "c0ffee-pairing-key", null));
            return ds;
        });

        new KubernetesCollector(client, "illumio-system", 500, new CollectionReport(new PrintWriter(new StringWriter())))
                .collect(new SnapshotWriter(dir));

        String written = Files.readString(dir.resolve("kubernetes/configmaps-illumio-system.json"))
                + Files.readString(dir.resolve("kubernetes/daemonsets.json"));
        assertThat(written).contains("reportHostNetworkKubernetesWorkloads", "ILO_CODE", "ILO_CONTAINER_RUNTIME")
                .doesNotContain("hunter2", "c0ffee-pairing-key");
    }
}
