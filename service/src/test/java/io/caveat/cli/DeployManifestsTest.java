package io.caveat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.caveat.TestPaths;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * docs/deploy as `kubectl kustomize` builds it: every object read by fabric8's typed Kubernetes model with no field
 * the schema lacks, pods that run non-root on a read-only root, the OpenShift overlay without fixed ids, and
 * container args that caveat accepts, and one image reference that an overlay's `images:` replaces everywhere.
 */
class DeployManifestsTest {
    static final Path KUBECTL = Path.of("/usr/bin/kubectl");
    static final Path DEPLOY = TestPaths.repo().resolve("docs/deploy");

    @TempDir
    Path dir;

    @Test
    void theBaseRunsTheServiceOnItsVolumeWithRecreateAndANetworkPolicy() throws Exception {
        List<HasMetadata> objects = build(DEPLOY.resolve("base"));
        assertThat(objects).extracting(HasMetadata::getKind).contains("Deployment", "Service", "ConfigMap",
                "PersistentVolumeClaim", "NetworkPolicy", "ServiceAccount", "ClusterRole", "ClusterRoleBinding",
                "Role", "RoleBinding").doesNotContain("CronJob");
        Deployment deployment = only(objects, Deployment.class);
        assertThat(only(objects, PersistentVolumeClaim.class).getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        assertThat(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser()).isEqualTo(65532L);
        NetworkPolicy policy = only(objects, NetworkPolicy.class);
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
        assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        JsonNode config = new YAMLMapper().readTree(only(objects, ConfigMap.class).getData().get("caveat.yaml"));
        assertThat(config.at("/report/archive").asText()).isEqualTo(deployment.getSpec().getTemplate().getSpec()
                .getContainers().get(0).getVolumeMounts().stream().filter(m -> m.getName().equals("archive"))
                .findFirst().orElseThrow().getMountPath());
        assertPodsRunAsCaveatExpects(objects);
    }

    @Test
    void theOpenShiftOverlaySetsNoUidNorFsGroup() throws Exception {
        List<HasMetadata> objects = build(DEPLOY.resolve("overlays/openshift"));
        assertThat(objects).extracting(HasMetadata::getKind).contains("Deployment");
        assertNoFixedIds(objects);
        assertPodsRunAsCaveatExpects(objects);
    }

    @Test
    void theComponentsCompose_cronJobOnOpenShiftWithTheRulesConfigMap() throws Exception {
        List<HasMetadata> objects = build(overlay("mine", "images: [{name: registry.example.com/caveat, "
                + "newName: registry.internal:5000/sec/caveat, newTag: \"1.2\"}]", "report-cronjob", "openshift",
                "rules-configmap"));
        assertThat(objects).extracting(HasMetadata::getKind).contains("CronJob", "PersistentVolumeClaim")
                .doesNotContain("Deployment", "Service");
        assertThat(pods(objects)).flatExtracting(PodSpec::getContainers).extracting(Container::getImage)
                .as("the image override image/build --push writes").containsOnly("registry.internal:5000/sec/caveat:1.2");
        assertNoFixedIds(objects);
        PodSpec pod = only(objects, CronJob.class).getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes().stream().filter(v -> v.getConfigMap() != null).map(v -> v.getConfigMap().getName()))
                .contains("caveat-rules");
        assertThat(pod.getContainers().get(0).getEnv()).anySatisfy(e -> assertThat(e.getValue())
                .isEqualTo(pod.getContainers().get(0).getVolumeMounts().stream()
                        .filter(m -> m.getName().equals("rules")).findFirst().orElseThrow().getMountPath()));
        assertPodsRunAsCaveatExpects(objects);
    }

    @Test
    void theMonitoringComponentScrapesTheServiceAndAlerts() throws Exception {
        List<HasMetadata> objects = build(overlay("monitored", "", "monitoring"));
        ServiceMonitor monitor = only(objects, ServiceMonitor.class);
        io.fabric8.kubernetes.api.model.Service service = only(objects, io.fabric8.kubernetes.api.model.Service.class);
        assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(monitor.getSpec().getSelector()
                .getMatchLabels());
        assertThat(monitor.getSpec().getEndpoints()).singleElement().satisfies(e -> {
            assertThat(service.getSpec().getPorts()).extracting(p -> p.getName()).contains(e.getPort());
            assertThat(e.getPath()).isEqualTo("/metrics");
        });
        assertThat(only(objects, PrometheusRule.class).getSpec().getGroups()).flatExtracting(g -> g.getRules())
                .extracting(r -> r.getAlert()).containsExactly("CaveatNewHighFinding", "CaveatReportFailed");
    }

    @Test
    void aFieldTheSchemaLacksIsCaught() throws Exception {
        Deployment misspelt = new KubernetesSerialization().unmarshal("""
                {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "x"},
                 "spec": {"template": {"spec": {"containers": [{"name": "c", "readOnlyRootFileSystem": true}]}}}}
                """, Deployment.class);
        assertThat(unknownFields(misspelt, "Deployment x"))
                .containsExactly("Deployment x.Spec.Template.Spec.Containers[0].readOnlyRootFileSystem");
    }

    /** Every container: non-root, read-only root, no privilege escalation, args that caveat's CLI parses. */
    private static void assertPodsRunAsCaveatExpects(List<HasMetadata> objects) {
        List<PodSpec> pods = pods(objects);
        assertThat(pods).isNotEmpty().allSatisfy(pod -> {
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getServiceAccountName()).isEqualTo("caveat");
            for (Container c : pod.getContainers()) {
                assertThat(c.getImage()).as("a pullable reference").matches("[^/]+\\.[^/]+/.+:[^/]+");
                assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(c.getName()).isTrue();
                assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).as(c.getName()).isFalse();
                assertThat(c.getVolumeMounts()).extracting(m -> m.getMountPath()).contains("/tmp");
                CommandLine.ParseResult parsed = new CommandLine(new Main()).parseArgs(c.getArgs().toArray(String[]::new));
                assertThat(parsed.hasSubcommand()).as(String.join(" ", c.getArgs())).isTrue();
                assertThat(c.getArgs()).doesNotContain("--insecure");
            }
        });
    }

    private static void assertNoFixedIds(List<HasMetadata> objects) {
        assertThat(pods(objects)).isNotEmpty().allSatisfy(pod -> {
            assertThat(pod.getSecurityContext().getRunAsUser()).isNull();
            assertThat(pod.getSecurityContext().getRunAsGroup()).isNull();
            assertThat(pod.getSecurityContext().getFsGroup()).isNull();
            pod.getContainers().forEach(c -> assertThat(c.getSecurityContext().getRunAsUser()).isNull());
        });
    }

    private static List<PodSpec> pods(List<HasMetadata> objects) {
        List<PodSpec> pods = new ArrayList<>();
        for (HasMetadata o : objects) {
            if (o instanceof Deployment d) {
                pods.add(d.getSpec().getTemplate().getSpec());
            } else if (o instanceof CronJob c) {
                pods.add(c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec());
            }
        }
        return pods;
    }

    /** A user's overlay: the base with these components of docs/deploy, and more kustomization lines. */
    private Path overlay(String name, String more, String... components) throws IOException {
        Path overlay = Files.createDirectories(dir.resolve(name));
        // kustomize refuses absolute paths
        String listed = String.join(", ", java.util.Arrays.stream(components)
                .map(c -> overlay.relativize(DEPLOY.resolve("components").resolve(c)).toString()).toList());
        Files.writeString(overlay.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [%s]
                components: [%s]
                %s
                """.formatted(overlay.relativize(DEPLOY.resolve("base")), listed, more));
        return overlay;
    }

    private static <T> T only(List<HasMetadata> objects, Class<T> type) {
        List<T> matching = objects.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(matching).as(type.getSimpleName()).hasSize(1);
        return matching.get(0);
    }

    /** `kubectl kustomize DIR`, each object read as its fabric8 type and checked against that type's fields. */
    static List<HasMetadata> build(Path kustomization) throws Exception {
        assertThat(KUBECTL).as("kubectl (it builds the kustomizations)").isExecutable();
        Process kubectl = new ProcessBuilder(KUBECTL.toString(), "kustomize", kustomization.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] yaml = kubectl.getInputStream().readAllBytes();
        assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(kubectl.exitValue()).as("kubectl kustomize " + kustomization).isZero();
        Object parsed = new KubernetesSerialization().unmarshal(new ByteArrayInputStream(yaml));
        List<HasMetadata> objects = parsed instanceof List<?> list ? list.stream().map(o -> (HasMetadata) o).toList()
                : List.of((HasMetadata) parsed);
        assertThat(objects).isNotEmpty().allSatisfy(o -> {
            assertThat(o).as(o.getKind() + " has a typed model").isNotInstanceOf(GenericKubernetesResource.class);
            assertThat(typed(o)).as(o.getKind() + " has a typed model").isTrue();
            assertThat(unknownFields(o, o.getKind() + " " + o.getMetadata().getName())).as(new String(yaml,
                    StandardCharsets.UTF_8)).isEmpty();
        });
        return objects;
    }

    /** A class of fabric8's Kubernetes model, or of its Prometheus Operator (monitoring.coreos.com) model. */
    private static boolean typed(Object node) {
        String name = node.getClass().getPackageName();
        return name.startsWith("io.fabric8.kubernetes.api.model") || name.startsWith("io.fabric8.openshift.api.model");
    }

    /** Fields the Kubernetes schema does not have: what fabric8's model kept aside as additional properties. */
    private static List<String> unknownFields(Object node, String path) throws Exception {
        List<String> unknown = new ArrayList<>();
        if (node instanceof Map<?, ?> map) {
            for (var e : map.entrySet()) {
                unknown.addAll(unknownFields(e.getValue(), path + "." + e.getKey()));
            }
        } else if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknown.addAll(unknownFields(item, path + "[" + i++ + "]"));
            }
        } else if (node != null && typed(node)) {
            for (Method getter : node.getClass().getMethods()) {
                if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                        || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                    continue;
                }
                Object value = getter.invoke(node);
                if (getter.getName().equals("getAdditionalProperties")) {
                    ((Map<?, ?>) value).keySet().forEach(k -> unknown.add(path + "." + k));
                } else {
                    unknown.addAll(unknownFields(value, path + "." + getter.getName().substring(3)));
                }
            }
        }
        return unknown;
    }
}
