package io.caveat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.caveat.TestPaths;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** docs/deploy: Kubernetes objects that parse as their types, and container args that caveat accepts. */
class DeployManifestsTest {
    @Test
    void theManifestsAreKubernetesObjectsWhoseCommandsCaveatAccepts() throws IOException {
        List<HasMetadata> objects = new ArrayList<>();
        KubernetesSerialization serialization = new KubernetesSerialization();
        for (String file : List.of("caveat.yaml", "rbac.yaml", "report-cronjob.yaml")) {
            try (InputStream in = Files.newInputStream(TestPaths.repo().resolve("docs/deploy").resolve(file))) {
                Object parsed = serialization.unmarshal(in);
                objects.addAll(parsed instanceof List<?> list ? list.stream().map(o -> (HasMetadata) o).toList()
                        : List.of((HasMetadata) parsed));
            }
        }
        assertThat(objects).extracting(HasMetadata::getKind).contains("Deployment", "CronJob", "ConfigMap",
                "PersistentVolumeClaim", "Service", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role",
                "RoleBinding");
        List<Container> containers = new ArrayList<>();
        for (HasMetadata o : objects) {
            if (o instanceof Deployment d) {
                containers.addAll(d.getSpec().getTemplate().getSpec().getContainers());
            } else if (o instanceof CronJob c) {
                containers.addAll(c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers());
            } else if (o instanceof ConfigMap m && m.getData().containsKey("caveat.yaml")) {
                JsonNode config = new YAMLMapper().readTree(m.getData().get("caveat.yaml"));
                assertThat(config.at("/pce/url").asText()).startsWith("https://");
                assertThat(config.at("/report/archive").asText()).isNotBlank();
            }
        }
        assertThat(containers).hasSize(2).allSatisfy(c -> {
            CommandLine.ParseResult parsed = new CommandLine(new Main()).parseArgs(c.getArgs().toArray(String[]::new));
            assertThat(parsed.hasSubcommand()).as(String.join(" ", c.getArgs())).isTrue();
            assertThat(c.getArgs()).doesNotContainAnyElementsOf(List.of("--insecure"));
        });
    }
}
