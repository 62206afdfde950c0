package io.caveat.collect;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Fills fabric8's CRUD mock API server with real exported objects (kubectl lists, must-gather files). */
final class MockCluster {
    private MockCluster() {
    }

    /** Creates every object of a kubectl-style list file; returns how many. */
    static int load(KubernetesClient client, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Object parsed = client.getKubernetesSerialization().unmarshal(in);
            List<HasMetadata> items = parsed instanceof KubernetesList list ? list.getItems()
                    : parsed instanceof GenericKubernetesResource generic && generic.getKind().endsWith("List")
                    ? genericItems(client, generic) : List.of((HasMetadata) parsed);
            for (HasMetadata item : items) {
                create(client, item);
            }
            return items.size();
        }
    }

    /** Items of a list of custom resources (an OpenShift NetworkList), which fabric8 reads as one generic object. */
    private static List<HasMetadata> genericItems(KubernetesClient client, GenericKubernetesResource list) {
        List<?> raw = (List<?>) list.getAdditionalProperties().get("items");
        return raw.stream().map(item -> (HasMetadata) client.getKubernetesSerialization().unmarshal(
                client.getKubernetesSerialization().asJson(item), GenericKubernetesResource.class)).toList();
    }

    static void create(KubernetesClient client, HasMetadata item) {
        item.getMetadata().setResourceVersion(null);
        if (item instanceof GenericKubernetesResource generic) {
            // Cluster-scoped custom resources (OpenShift Network, Calico FelixConfiguration, Illumio LabelMap) go through their
            // resource definition.
            String apiVersion = generic.getApiVersion();
            String group = apiVersion.substring(0, apiVersion.indexOf('/'));
            client.genericKubernetesResources(new ResourceDefinitionContext.Builder().withGroup(group)
                    .withVersion(apiVersion.substring(apiVersion.indexOf('/') + 1)).withKind(generic.getKind())
                    .withPlural(generic.getKind().toLowerCase(java.util.Locale.ROOT) + "s").withNamespaced(false)
                    .build()).resource(generic).create();
        } else {
            client.resource(item).create();
        }
    }
}
