package io.caveat.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.caveat.load.Snapshot;
import io.caveat.load.SnapshotLoader;
import io.caveat.model.Pod;
import io.fabric8.kubernetes.api.model.NodeListBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API server's paging (limit/continue) and refusals, which the CRUD mock does not play: scripted answers. */
@EnableKubernetesMockClient
class KubernetesPagingTest {
    KubernetesMockServer server;
    KubernetesClient client;

    @TempDir
    Path dir;

    @Test
    void listsArePagedWithContinueTokensAndARefusedKindIsReportedNotFatal() {
        server.expect().get().withPath("/api/v1/nodes?limit=2").andReturn(200, new NodeListBuilder()
                .withNewMetadata().endMetadata().build()).always();
        server.expect().get().withPath("/api/v1/pods?limit=2")
                .andReturn(200, page("t1", "a", "b")).once();
        server.expect().get().withPath("/api/v1/pods?continue=t1&limit=2")
                .andReturn(200, page("t2", "c", "d")).once();
        server.expect().get().withPath("/api/v1/pods?continue=t2&limit=2")
                .andReturn(200, page(null, "e")).once();
        server.expect().get().withPath("/api/v1/services?limit=2").andReturn(403, new StatusBuilder().withCode(403)
                .withReason("Forbidden").withMessage("services is forbidden: User \"system:serviceaccount:x:caveat\" "
                        + "cannot list resource \"services\"").build()).always();
        StringWriter progress = new StringWriter();
        CollectionReport report = new CollectionReport(new PrintWriter(progress, true));

        new KubernetesCollector(client, "illumio-system", 2, report).collect(new SnapshotWriter(dir));

        assertThat(progress.toString()).contains("collected pods: 5 objects in 3 pages");
        assertThat(report.unreadable()).anySatisfy(u -> {
            assertThat(u.source()).isEqualTo("services");
            assertThat(u.kinds()).containsExactly("Service", "ServicePort");
            assertThat(u.reason()).startsWith("403 Forbidden: the account may not list services");
        });
        Snapshot snapshot = SnapshotLoader.load(dir);
        assertThat(snapshot.facts().stream().filter(Pod.class::isInstance)).hasSize(5);
        assertThat(snapshot.summary().provided()).contains("Pod", "Node").doesNotContain("Service");
        // No Calico CRD, no LabelMap CRD and no kube-proxy ConfigMap (404s): read, and empty, not unreadable.
        assertThat(report.read()).contains("FelixConfiguration", "LabelMapping", "KubeProxyConfig");
        assertThat(report.unreadable()).extracting(CollectionReport.Unreadable::source)
                .contains("services").doesNotContain("felixconfigurations", "labelmaps",
                        "configmaps-kube-system-kube-proxy");
    }

    private static io.fabric8.kubernetes.api.model.PodList page(String next, String... names) {
        PodListBuilder list = new PodListBuilder().withNewMetadata().withContinue(next).endMetadata();
        for (String name : names) {
            list.addToItems(new PodBuilder().withNewMetadata().withName(name).withNamespace("shop").endMetadata()
                    .withNewSpec().withNodeName("w1").endSpec().withNewStatus().withPhase("Running").endStatus().build());
        }
        return list.build();
    }
}
