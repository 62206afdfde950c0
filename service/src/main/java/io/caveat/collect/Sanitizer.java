package io.caveat.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.caveat.load.KeptSettings;
import java.util.List;

/**
 * Takes out of Kubernetes objects what a snapshot must never hold: inline env values and container command lines
 * (apps put passwords in both), ConfigMap data other than the settings caveat keeps ({@link KeptSettings}), the
 * last-applied-configuration annotation (a full copy of the spec) and managedFields. Env names and valueFrom
 * references stay: they say where a value comes from without saying what it is.
 */
final class Sanitizer {
    private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    private static final List<String> CONTAINER_LISTS = List.of("containers", "initContainers", "ephemeralContainers");

    ObjectNode clean(ObjectNode object) {
        JsonNode metadata = object.get("metadata");
        if (metadata instanceof ObjectNode meta) {
            meta.remove("managedFields");
            if (meta.get("annotations") instanceof ObjectNode annotations) {
                annotations.remove(LAST_APPLIED);
            }
        }
        String name = object.path("metadata").path("name").asText();
        cleanPodSpec(name, object.path("spec"));
        cleanPodSpec(name, object.path("spec").path("template").path("spec"));
        if ("ConfigMap".equals(object.path("kind").asText())) {
            object.remove("binaryData");
            if (object.get("data") instanceof ObjectNode data) {
                String namespace = object.path("metadata").path("namespace").asText();
                data.retain(data.properties().stream()
                        .filter(e -> KeptSettings.keeps(namespace, name, e.getKey(), e.getValue().asText()))
                        .map(java.util.Map.Entry::getKey).toList());
            }
        }
        return object;
    }

    private void cleanPodSpec(String owner, JsonNode spec) {
        List<String> images = new java.util.ArrayList<>();
        for (String list : CONTAINER_LISTS) {
            spec.path(list).forEach(c -> images.add(c.path("image").asText()));
        }
        boolean illumio = KeptSettings.mayBeIllumios(owner, images);
        for (String list : CONTAINER_LISTS) {
            for (JsonNode container : spec.path(list)) {
                if (container instanceof ObjectNode c) {
                    c.remove(List.of("command", "args"));
                }
                for (JsonNode env : container.path("env")) {
                    if (env instanceof ObjectNode e && e.has("value")
                            && KeptSettings.envName(e.path("name").asText(), illumio) == null) {
                        e.remove("value");
                    }
                }
            }
        }
    }
}
