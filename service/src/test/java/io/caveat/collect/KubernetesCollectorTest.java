package io.caveat.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.caveat.TestPaths;
import io.caveat.load.Snapshot;
import io.caveat.load.SnapshotLoader;
import io.caveat.model.Cluster;
import io.caveat.model.FelixConfiguration;
import io.caveat.model.KubeProxyConfig;
import io.caveat.model.LabelMapping;
import io.caveat.model.Pod;
import io.caveat.model.Workload;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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

    @Test
    void calicoAndKubeProxySettingsAreCollectedWithoutTheRestOfTheirConfigMaps() throws IOException {
        client.configMaps().inNamespace("kube-system").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("kube-proxy").withNamespace("kube-system").endMetadata()
                .addToData("config.conf", "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\n"
                        + "mode: ipvs\n")
                .addToData("kubeconfig.conf", "token: s3cr3t-token").build()).create();
        client.configMaps().inNamespace("kube-system").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("coredns").withNamespace("kube-system").endMetadata()
                .addToData("Corefile", ".:53 { forward . 10.0.0.2 }").build()).create();
        MockCluster.create(client, client.getKubernetesSerialization().unmarshal("""
                apiVersion: crd.projectcalico.org/v1
                kind: FelixConfiguration
                metadata:
                  name: default
                spec:
                  chainInsertMode: Insert
                """, GenericKubernetesResource.class));
        client.apps().daemonSets().inNamespace("kube-system").resource(new DaemonSetBuilder().withNewMetadata()
                .withName("calico-node").withNamespace("kube-system").endMetadata()
                .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("calico-node")
                .withImage("docker.io/calico/node:v3.26.1").addNewEnv().withName("FELIX_CHAININSERTMODE")
                .withValue("Insert").endEnv().addNewEnv().withName("CALICO_IPV4POOL_CIDR").withValue("10.244.0.0/16")
                .endEnv().addNewEnv().withName("CLUSTER_MODE").withValue("redis://user:pw@redis:6379").endEnv()
                .endContainer().endSpec().endTemplate().endSpec().build()).create();

        CollectionReport report = new CollectionReport(new PrintWriter(new StringWriter()));
        new KubernetesCollector(client, "illumio-system", 500, report).collect(new SnapshotWriter(dir));

        assertThat(report.read()).contains("FelixConfiguration", "KubeProxyConfig");
        String written = Files.readString(dir.resolve("kubernetes/configmap-kube-system-kube-proxy.json"));
        assertThat(written).contains("KubeProxyConfiguration").doesNotContain("s3cr3t-token", "kubeconfig.conf");
        assertThat(Files.readString(dir.resolve("kubernetes/daemonsets.json")))
                .as("Illumio's setting names keep their values on Illumio's components only")
                .contains("FELIX_CHAININSERTMODE", "Insert", "CLUSTER_MODE").doesNotContain("pw@redis");
        assertThat(Files.list(dir.resolve("kubernetes")).map(p -> p.getFileName().toString()))
                .as("only kube-proxy's ConfigMap is asked for in kube-system").noneMatch(n -> n.contains("coredns"));
        Snapshot snapshot = SnapshotLoader.load(dir);
        assertThat(snapshot.facts()).contains(new KubeProxyConfig("kube-system", "kube-proxy", "config.conf", "ipvs"),
                new FelixConfiguration("default", null, "Insert"));
        assertThat(snapshot.facts().stream().filter(Workload.class::isInstance).map(Workload.class::cast))
                .singleElement().satisfies(w -> {
                    assertThat(w.setting("FELIX_CHAININSERTMODE")).isEqualTo("Insert");
                    assertThat(w.settings()).doesNotContainKey("CALICO_IPV4POOL_CIDR");
                });
    }

    @Test
    void illumiosLabelMapIsCollectedAsItsMappings() throws IOException {
        MockCluster.create(client, client.getKubernetesSerialization().unmarshal("""
                apiVersion: ic4k.illumio.com/v1alpha1
                kind: LabelMap
                metadata:
                  name: default
                nodeLabelMap:
                - fromKey: topology.kubernetes.io/region
                  toKey: loc
                  allowCreate: true
                  valuesMap:
                  - {from: eu-west-1, to: Amazon}
                workloadLabelMap:
                - fromKey: app.kubernetes.io/name
                  toKey: app
                """, GenericKubernetesResource.class));

        CollectionReport report = new CollectionReport(new PrintWriter(new StringWriter()));
        new KubernetesCollector(client, "illumio-system", 500, report).collect(new SnapshotWriter(dir));

        assertThat(report.read()).contains("LabelMapping");
        Snapshot snapshot = SnapshotLoader.load(dir);
        assertThat(snapshot.facts().stream().filter(LabelMapping.class::isInstance)).containsExactlyInAnyOrder(
                new LabelMapping("default", "node", "topology.kubernetes.io/region", "loc",
                        Map.of("eu-west-1", "Amazon")),
                new LabelMapping("default", "workload", "app.kubernetes.io/name", "app", Map.of()));
        assertThat(snapshot.summary().provided()).contains("LabelMapping");
    }
}
