package io.caveat.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.caveat.model.Fact;
import io.caveat.model.FelixConfiguration;
import io.caveat.model.IllumioConfig;
import io.caveat.model.KubeProxyConfig;
import io.caveat.model.LabelMapping;
import io.caveat.model.Namespace;
import io.caveat.model.Node;
import io.caveat.model.Pod;
import io.caveat.model.Service;
import io.caveat.model.ServicePort;
import io.caveat.model.WaiverAnnotation;
import io.caveat.model.Workload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/** Turns Kubernetes API objects into facts. Keeps only the fields rules use. */
final class KubernetesFacts {
    private static final String ILLUMIO_PREFIX = "com.illumio.";
    /** Objects written without a namespace (manifests) land in "default", as kubectl apply would put them. */
    private static final String DEFAULT_NAMESPACE = "default";
    private static final String FELIX_NODE_PREFIX = "node.";
    private static final ObjectMapper EMBEDDED_YAML = new ObjectMapper(new YAMLFactory());

    private KubernetesFacts() {
    }

    /** @param shared one copy of each distinct label set of the snapshot (replicas share theirs) */
    static Pod pod(JsonNode o, java.util.function.UnaryOperator<Map<String, String>> shared) {
        Map<String, String> labels = shared.apply(Json.strings(Json.at(o, "metadata", "labels")));
        Map<String, String> annotations = Json.strings(Json.at(o, "metadata", "annotations"));
        String name = Json.text(o, "metadata", "name");
        String node = Json.text(o, "spec", "nodeName");
        String[] owner = owner(o, name, node, labels, annotations);
        return new Pod(namespaceOf(o), name, node,
                Json.bool(o, false, "spec", "hostNetwork"), owner[0], owner[1], Json.text(o, "status", "phase"),
                labels, illumio(annotations), hostPorts(o));
    }

    /** "8080/TCP" for every container port bound on the node (hostPort), init containers included. */
    private static java.util.Set<String> hostPorts(JsonNode pod) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (String list : new String[] {"containers", "initContainers"}) {
            for (JsonNode c : Json.elements(pod, "spec", list)) {
                for (JsonNode p : Json.elements(c, "ports")) {
                    int hostPort = Json.integer(p, 0, "hostPort");
                    if (hostPort > 0) {
                        String protocol = Json.text(p, "protocol");
                        out.add(hostPort + "/" + (protocol == null ? "TCP" : protocol));
                    }
                }
            }
        }
        return out;
    }

    /** The controller a person would name: a ReplicaSet's Deployment, the kubelet for mirror pods. */
    private static String[] owner(JsonNode o, String name, String node, Map<String, String> labels,
                                  Map<String, String> annotations) {
        if (annotations.containsKey("kubernetes.io/config.mirror")) {
            return new String[]{"StaticPod", staticPodName(name, node)};
        }
        JsonNode controller = null;
        for (JsonNode ref : Json.elements(o, "metadata", "ownerReferences")) {
            if (controller == null || Json.bool(ref, false, "controller")) {
                controller = ref;
            }
        }
        if (controller == null) {
            return new String[]{"Pod", name};
        }
        String kind = Json.text(controller, "kind");
        String ownerName = Json.text(controller, "name");
        if ("Node".equals(kind)) {
            return new String[]{"StaticPod", staticPodName(name, node)};
        }
        String hash = labels.get("pod-template-hash");
        if ("ReplicaSet".equals(kind) && hash != null && ownerName != null && ownerName.endsWith("-" + hash)) {
            return new String[]{"Deployment", ownerName.substring(0, ownerName.length() - hash.length() - 1)};
        }
        return new String[]{kind, ownerName};
    }

    private static String staticPodName(String name, String node) {
        return node != null && name.endsWith("-" + node) ? name.substring(0, name.length() - node.length() - 1) : name;
    }

    static void service(JsonNode o, Consumer<Object> out) {
        String namespace = namespaceOf(o);
        String name = Json.text(o, "metadata", "name");
        String type = orElse(Json.text(o, "spec", "type"), "ClusterIP");
        boolean nodePorts = "NodePort".equals(type)
                || "LoadBalancer".equals(type) && Json.bool(o, true, "spec", "allocateLoadBalancerNodePorts");
        Service service = new Service(namespace, name, type, Json.text(o, "spec", "clusterIP"),
                Json.text(o, "spec", "externalTrafficPolicy"), nodePorts,
                Json.strings(Json.at(o, "spec", "selector")), Json.strings(Json.at(o, "metadata", "labels")),
                illumio(Json.strings(Json.at(o, "metadata", "annotations"))));
        out.accept(service);
        for (JsonNode p : Json.elements(o, "spec", "ports")) {
            int port = Json.integer(p, 0, "port");
            out.accept(new ServicePort(service.key(), namespace, Json.text(p, "name"), port,
                    orElse(Json.text(p, "targetPort"), String.valueOf(port)),
                    orElse(Json.text(p, "protocol"), "TCP").toUpperCase(Locale.ROOT),
                    Json.integer(p, 0, "nodePort")));
        }
    }

    static Node node(JsonNode o) {
        Map<String, String> labels = Json.strings(Json.at(o, "metadata", "labels"));
        boolean controlPlane = labels.containsKey("node-role.kubernetes.io/master")
                || labels.containsKey("node-role.kubernetes.io/control-plane");
        String internalIp = null;
        for (JsonNode address : Json.elements(o, "status", "addresses")) {
            if ("InternalIP".equals(Json.text(address, "type")) && internalIp == null) {
                internalIp = Json.text(address, "address");
            }
        }
        return new Node(Json.text(o, "metadata", "name"), controlPlane, internalIp,
                Json.text(o, "status", "nodeInfo", "machineID"),
                OvnAnnotations.gatewayRouterIp(Json.strings(Json.at(o, "metadata", "annotations"))), labels);
    }

    static Namespace namespace(JsonNode o) {
        return new Namespace(Json.text(o, "metadata", "name"), Json.strings(Json.at(o, "metadata", "labels")),
                illumio(Json.strings(Json.at(o, "metadata", "annotations"))));
    }

    static Workload workload(JsonNode o, String kind) {
        String name = Json.text(o, "metadata", "name");
        // A CronJob's pods come from the template of the Job it makes.
        JsonNode podSpec = "CronJob".equals(kind) ? Json.at(o, "spec", "jobTemplate", "spec", "template", "spec")
                : Json.at(o, "spec", "template", "spec");
        List<String> images = new ArrayList<>();
        for (JsonNode c : Json.elements(podSpec, "containers")) {
            String image = Json.text(c, "image");
            if (image != null) {
                images.add(image);
            }
        }
        boolean illumio = KeptSettings.mayBeIllumios(name, images);
        int desired = switch (kind) {
            case "DaemonSet" -> Json.integer(o, -1, "status", "desiredNumberScheduled");
            case "Job" -> Json.integer(o, 1, "spec", "parallelism");
            case "CronJob" -> -1; // pods only while a run of it lasts
            default -> Json.integer(o, 1, "spec", "replicas");
        };
        Map<String, String> sources = new LinkedHashMap<>();
        return new Workload(namespaceOf(o), name, kind, Json.bool(podSpec, false, "hostNetwork"), desired, images,
                env(podSpec, illumio, sources), sources);
    }

    /**
     * The env of a pod template, only the settings rules read (KeptSettings): other values, such as the pairing
     * key or a proxy URL with credentials, are never kept. A value taken from a Secret, ConfigMap or field is not
     * read: where it comes from goes to {@code sources}. An entry with neither value nor valueFrom is the empty
     * string, as Kubernetes sets it.
     */
    private static Map<String, String> env(JsonNode podSpec, boolean illumioComponent, Map<String, String> sources) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode c : Json.elements(podSpec, "containers")) {
            for (JsonNode e : Json.elements(c, "env")) {
                String name = KeptSettings.envName(Json.text(e, "name"), illumioComponent);
                if (name == null || env.containsKey(name) || sources.containsKey(name)) {
                    continue;
                }
                String value = Json.text(e, "value");
                if (value == null && e.has("valueFrom")) {
                    sources.put(name, reference(e));
                } else {
                    env.put(name, value != null ? value : "");
                }
            }
        }
        return env;
    }

    private static String reference(JsonNode env) {
        String secret = Json.text(env, "valueFrom", "secretKeyRef", "name");
        if (secret != null) {
            return "secret " + secret;
        }
        String configMap = Json.text(env, "valueFrom", "configMapKeyRef", "name");
        if (configMap != null) {
            return "configmap " + configMap + " key " + Json.text(env, "valueFrom", "configMapKeyRef", "key");
        }
        var source = env.get("valueFrom").fieldNames();
        return source.hasNext() ? source.next() : "nothing";
    }

    /**
     * The caveat.io/waive annotation of an object, as a waiver of the findings about it (kind, namespace, name as
     * findings name the subject); null when the object carries none.
     */
    static WaiverAnnotation waiver(JsonNode o, String kind, String namespace, String name) {
        Map<String, String> annotations = Json.strings(Json.at(o, "metadata", "annotations"));
        String rules = annotations.get(WaiverAnnotation.WAIVE);
        if (rules == null) {
            return null;
        }
        List<String> ids = java.util.Arrays.stream(rules.split(",")).map(String::strip).filter(r -> !r.isEmpty())
                .toList();
        String reason = annotations.get(WaiverAnnotation.REASON);
        return new WaiverAnnotation(kind, namespace, name, ids, reason == null || reason.isBlank() ? null : reason);
    }

    /**
     * Illumio's ConfigMaps and kube-proxy's become facts; null for the others, which are counted as skipped.
     * A kube-proxy document that does not parse is reported through problems with its key and position.
     */
    static Fact configMap(JsonNode o, Consumer<String> problems) {
        String name = Json.text(o, "metadata", "name");
        if (name != null && name.startsWith("illumio")) {
            Map<String, String> data = new LinkedHashMap<>();
            Json.eachString(Json.at(o, "data"), (key, value) -> {
                if (KeptSettings.CONFIG.contains(key)) {
                    data.put(key, value);
                }
            });
            return new IllumioConfig(namespaceOf(o), name, data);
        }
        return KeptSettings.isKubeProxy(namespaceOf(o), name) ? kubeProxy(o, name, problems) : null;
    }

    private static KubeProxyConfig kubeProxy(JsonNode o, String name, Consumer<String> problems) {
        String namespace = namespaceOf(o);
        for (var entry : o.path("data").properties()) {
            String key = entry.getKey();
            String value = entry.getValue().asText();
            if (!value.contains(KeptSettings.KUBE_PROXY_CONFIGURATION)) {
                continue;
            }
            String where = "ConfigMap " + namespace + "/" + name + ", key " + key;
            try {
                JsonNode document = EMBEDDED_YAML.readTree(value);
                JsonNode mode = document.path("mode");
                if (!document.isObject() || !mode.isMissingNode() && !mode.isNull() && !mode.isTextual()) {
                    problems.accept(where + ": " + (document.isObject() ? "mode is not a string: " + mode
                            : "not a KubeProxyConfiguration object"));
                    continue;
                }
                return new KubeProxyConfig(namespace, name, key, mode.isTextual() ? mode.asText() : "");
            } catch (JsonProcessingException e) {
                var at = e.getLocation();
                problems.accept(where + (at == null ? "" : ", line " + at.getLineNr() + " column " + at.getColumnNr())
                        + ": " + ParseMessages.of(e));
            }
        }
        return null;
    }

    /**
     * A Calico FelixConfiguration: "default", or "node.&lt;name&gt;" for one node's overrides; null, with a problem
     * reported, when its chainInsertMode is not a string.
     */
    static FelixConfiguration felixConfiguration(JsonNode o, Consumer<String> problems) {
        String name = Json.text(o, "metadata", "name");
        String node = name != null && name.startsWith(FELIX_NODE_PREFIX) ? name.substring(FELIX_NODE_PREFIX.length())
                : null;
        JsonNode mode = o.path("spec").path("chainInsertMode");
        if (!mode.isMissingNode() && !mode.isNull() && !mode.isTextual()) {
            problems.accept("FelixConfiguration " + name + ": spec.chainInsertMode is not a string: " + mode);
            return null;
        }
        return new FelixConfiguration(name, node, mode.isTextual() ? mode.asText() : null);
    }

    /**
     * Illumio's LabelMap: its nodeLabelMap and workloadLabelMap entries ({fromKey, toKey, valuesMap[{from, to}]}),
     * at the top level as Illumio's example writes them, or under spec.
     */
    static void labelMap(JsonNode o, Consumer<Object> out) {
        String name = orElse(Json.text(o, "metadata", "name"), "default");
        JsonNode body = o.has("nodeLabelMap") || o.has("workloadLabelMap") ? o : o.path("spec");
        for (String section : List.of("node", "workload")) {
            for (JsonNode entry : Json.elements(body, section + "LabelMap")) {
                String from = Json.text(entry, "fromKey");
                String to = Json.text(entry, "toKey");
                if (from == null || to == null) {
                    continue;
                }
                Map<String, String> values = new LinkedHashMap<>();
                for (JsonNode value : Json.elements(entry, "valuesMap")) {
                    if (Json.text(value, "from") != null && Json.text(value, "to") != null) {
                        values.put(Json.text(value, "from"), Json.text(value, "to"));
                    }
                }
                out.accept(new LabelMapping(name, section, from, to, values));
            }
        }
    }

    /** com.illumio.&lt;key&gt; annotations with the prefix stripped. */
    private static Map<String, String> illumio(Map<String, String> annotations) {
        Map<String, String> out = new LinkedHashMap<>();
        annotations.forEach((k, v) -> {
            if (k.startsWith(ILLUMIO_PREFIX)) {
                out.put(k.substring(ILLUMIO_PREFIX.length()), v);
            }
        });
        return out;
    }

    private static String namespaceOf(JsonNode o) {
        return orElse(Json.text(o, "metadata", "namespace"), DEFAULT_NAMESPACE);
    }

    static String orElse(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
