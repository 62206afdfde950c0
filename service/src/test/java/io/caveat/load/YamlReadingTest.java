package io.caveat.load;

import static io.caveat.load.SnapshotLoaderTest.of;
import static org.assertj.core.api.Assertions.assertThat;

import io.caveat.model.Pod;
import io.caveat.model.Service;
import io.caveat.model.ServicePort;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** YAML as YAML defines it: anchors, aliases and merge keys resolved, duplicate keys refused, big documents read. */
class YamlReadingTest {
    @TempDir
    Path dir;

    @Test
    void aliasesStandForTheAnchoredNodeAndMergeKeysAddWhatIsNotSet() throws IOException {
        Files.writeString(dir.resolve("services.yaml"), """
                kind: Service
                metadata:
                  name: web
                  namespace: shop
                  labels: &labels {app: web, tier: front}
                spec:
                  selector: *labels
                  ports: &ports
                  - {name: dns, port: &dns 53, protocol: UDP}
                  - {name: dns-tcp, port: *dns, protocol: TCP}
                ---
                kind: Service
                metadata: {name: web2, namespace: shop}
                spec:
                  selector: {<<: {app: web, tier: back}, tier: front}
                  ports: [{<<: {port: 8080, protocol: TCP}, name: http}]
                """);
        Snapshot snapshot = SnapshotLoader.load(dir);
        assertThat(snapshot.summary().problems()).isEmpty();
        assertThat(of(snapshot, Service.class)).extracting(Service::selector)
                .containsOnly(java.util.Map.of("app", "web", "tier", "front"));
        assertThat(of(snapshot, ServicePort.class)).extracting(ServicePort::port, ServicePort::protocol)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(53, "UDP"),
                        org.assertj.core.groups.Tuple.tuple(53, "TCP"), org.assertj.core.groups.Tuple.tuple(8080, "TCP"));
    }

    @Test
    void anAliasBombIsRefusedCheaplyWithItsLine() throws IOException {
        StringBuilder bomb = new StringBuilder("kind: ConfigMap\nmetadata: {name: lol}\nx0: &a0 [lol, lol, lol, lol, "
                + "lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i <= 9; i++) {
            bomb.append("x").append(i).append(": &a").append(i).append(" [");
            bomb.append(String.join(", ", java.util.Collections.nCopies(10, "*a" + (i - 1)))).append("]\n");
        }
        Files.writeString(dir.resolve("bomb.yaml"), bomb);
        Snapshot snapshot = SnapshotLoader.load(dir);
        assertThat(snapshot.summary().problems()).singleElement().satisfies(p -> assertThat(p)
                .matches("bomb\\.yaml:\\d+:\\d+: YAML aliases stand for more than 1000000 values in one document.*"));
    }

    @Test
    void anAliasWithoutItsAnchorIsAProblem() throws IOException {
        Files.writeString(dir.resolve("a.yaml"), "kind: Namespace\nmetadata: {name: a, labels: *nowhere}\n");
        assertThat(SnapshotLoader.load(dir).summary().problems()).singleElement().satisfies(p -> assertThat(p)
                .startsWith("a.yaml:2:").contains("alias *nowhere names no anchor before it"));
    }

    @Test
    void duplicateKeysAreAnErrorInJsonAndYaml() throws IOException {
        Files.writeString(dir.resolve("pods.json"), """
                {"kind": "Pod", "metadata": {"name": "a", "name": "b"}, "spec": {}}
                """);
        Files.writeString(dir.resolve("more.yaml"), """
                kind: Pod
                metadata: {name: c}
                kind: Service
                spec: {}
                """);
        Snapshot snapshot = SnapshotLoader.load(dir);
        assertThat(snapshot.summary().problems()).satisfiesExactly(
                p -> assertThat(p).startsWith("more.yaml:3:").contains("Duplicate field 'kind'"),
                p -> assertThat(p).startsWith("pods.json:1:").contains("Duplicate field 'name'"));
        assertThat(of(snapshot, Pod.class)).isEmpty();
    }

    @Test
    void aDocumentOfFiveMegabytesIsRead() throws IOException {
        Path file = dir.resolve("pods.yaml");
        int pods = 6_000;
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("apiVersion: v1\nkind: List\nitems:\n");
            for (int i = 0; i < pods; i++) {
                out.write("""
                        - apiVersion: v1
                          kind: Pod
                          metadata:
                            name: web-%1$d
                            namespace: shop
                            labels: {app: web, pod-template-hash: abcdef, release: stable, team: payments}
                            annotations: {note: "%2$s"}
                          spec:
                            nodeName: worker-%3$d
                            containers: [{name: web, image: registry.example.com/shop/web:1.2.3}]
                          status: {phase: Running}
                        """.formatted(i, "x".repeat(600), i % 20));
            }
        }
        assertThat(Files.size(file)).isGreaterThan(5L << 20);
        Snapshot snapshot = SnapshotLoader.load(dir);
        assertThat(snapshot.summary().problems()).isEmpty();
        assertThat(of(snapshot, Pod.class)).hasSize(pods);
    }

    @Test
    void jobsAndCronJobsAreWorkloadsJudgedByTheirPodTemplates() throws IOException {
        Files.writeString(dir.resolve("batch.yaml"), """
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: backup, namespace: ops}
                spec:
                  schedule: "0 3 * * *"
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          hostNetwork: true
                          containers: [{name: backup, image: registry.example.com/backup:1}]
                ---
                apiVersion: batch/v1
                kind: Job
                metadata: {name: migrate, namespace: ops}
                spec:
                  parallelism: 2
                  template:
                    spec:
                      containers: [{name: migrate, image: registry.example.com/migrate:1}]
                """);
        Snapshot snapshot = SnapshotLoader.load(dir);
        assertThat(snapshot.summary().problems()).isEmpty();
        assertThat(of(snapshot, io.caveat.model.Workload.class))
                .extracting(w -> w.workloadKind() + " " + w.name() + " " + w.hostNetwork() + " " + w.desiredPods())
                .containsExactlyInAnyOrder("CronJob backup true -1", "Job migrate false 2");
        assertThat(snapshot.sources().get("CronJob/ops/backup").location().line()).isEqualTo(1);
        assertThat(snapshot.sources().get("Job/ops/migrate").location().line()).isEqualTo(13);
    }

    @Test
    void progressIsToldBeforeEachFileAndOnceAtTheEnd() throws IOException {
        List<String> told = new java.util.ArrayList<>();
        Snapshot snapshot = SnapshotLoader.load(io.caveat.TestPaths.demo(), (done, total, file) -> told.add(done + "/"
                + total + " " + file));
        int files = snapshot.summary().files();
        assertThat(told).hasSize(files + 1).startsWith("0/" + files + " cluster/cluster-scoped-resources/"
                + "config.openshift.io/networks.yaml").endsWith(files + "/" + files + " null");
    }
}
