package io.caveat.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.caveat.TestPaths;
import io.caveat.load.SnapshotLoader;
import io.caveat.model.Evaluation;
import io.caveat.model.Finding;
import io.caveat.model.RuleStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real OpenShift must-gathers, evaluated end to end: no errors, KL-002 findings, honest not-evaluated rules. */
class MustGatherEvaluationTest {
    private static KnowledgeBase kb;

    @TempDir
    Path dir;

    @BeforeAll
    static void compile() {
        kb = RuleCompiler.compile(RuleSource.directory(TestPaths.knowledgeBase()));
    }

    @Test
    void theAwsMustGatherReportsEveryHostNetworkOwnerOnce() throws IOException {
        copy("mg-aws");
        Evaluation evaluation = Evaluator.evaluate(kb, SnapshotLoader.load(dir));

        assertThat(evaluation.snapshot().problems()).isEmpty();
        List<Finding> hostNetwork = byRule(evaluation, "KL-002");
        assertThat(hostNetwork).extracting(f -> f.subject().toString()).contains(
                "DaemonSet/openshift-sdn/sdn", "DaemonSet/openshift-monitoring/node-exporter",
                "StaticPod/openshift-etcd/etcd", "StaticPod/openshift-kube-apiserver/kube-apiserver",
                "Deployment/openshift-network-operator/network-operator").doesNotHaveDuplicates();
        assertThat(hostNetwork).filteredOn(f -> f.subject().toString().equals("DaemonSet/openshift-sdn/sdn"))
                .singleElement().satisfies(f -> assertThat(f.message()).contains("runs 6 pods on the host network"));
        assertThat(status(evaluation, "KL-005").status()).as("OpenShiftSDN: judged, nothing to report")
                .isEqualTo(RuleStatus.EVALUATED);
        assertThat(byRule(evaluation, "KL-005")).isEmpty();
        assertThat(status(evaluation, "KL-003").status()).isEqualTo(RuleStatus.NOT_EVALUATED);
        assertThat(status(evaluation, "KL-003").reason()).contains("SecurityRule data");
    }

    @Test
    void aMustGatherWithoutPodsReportsHostNetworkControllersFromTheirTemplates() throws IOException {
        copy("mg-azure");
        Evaluation evaluation = Evaluator.evaluate(kb, SnapshotLoader.load(dir));
        assertThat(evaluation.snapshot().problems()).isEmpty();
        assertThat(byRule(evaluation, "KL-002")).isNotEmpty()
                .allSatisfy(f -> assertThat(f.message()).contains("declares hostNetwork: true in its pod template"))
                .anySatisfy(f -> assertThat(f.subject().toString()).isEqualTo("DaemonSet/openshift-sdn/sdn"));
    }

    private void copy(String prefix) throws IOException {
        for (String folder : List.of("kubernetes", "openshift")) {
            try (Stream<Path> files = Files.list(TestPaths.realdata(folder))) {
                for (Path file : files.filter(f -> f.getFileName().toString().startsWith(prefix + "_")).toList()) {
                    Files.copy(file, dir.resolve(file.getFileName()));
                }
            }
        }
    }

    private static List<Finding> byRule(Evaluation evaluation, String id) {
        return evaluation.findings().stream().filter(f -> f.ruleId().equals(id)).toList();
    }

    private static RuleStatus status(Evaluation evaluation, String id) {
        return evaluation.rules().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }
}
