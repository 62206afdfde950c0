package io.caveat.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The type and range of every field a fact is built from, per shape, as the Kubernetes and PCE APIs define them:
 * an object whose field is of another type (a port of 70000, a protocol of 6, {@code spec: null}) gives no fact
 * and a problem, instead of a fact with a made-up value that makes a finding vanish. Fields are read as
 * Kubernetes does: null is the same as absent unless the field is required; the PCE's enforcement modes must
 * not be null. Which values of a string matter (enforcement modes...) is the rules' business, not checked here.
 */
final class FieldTypes {
    /** One wrong field: where (spec.ports[0].port), what it must be, what it was. */
    record Problem(String path, String expected, String found) {
        String text() {
            return "field " + path + ": expected " + expected + ", found " + found;
        }
    }

    private enum Type {
        STRING("a string", JsonNode::isTextual),
        BOOLEAN("true or false", JsonNode::isBoolean),
        OBJECT("an object", JsonNode::isObject),
        LIST("a list", JsonNode::isArray),
        PORT("a port number (1-65535)", v -> integerIn(v, 1, 65535)),
        PORT_OR_ZERO("a port number (0-65535)", v -> integerIn(v, 0, 65535)),
        PORT_OR_NAME("a port number (1-65535) or a port name", v -> integerIn(v, 1, 65535)
                || v.isTextual() && !v.asText().isBlank()),
        PROTOCOL("TCP, UDP or SCTP", v -> v.isTextual()
                && Set.of("TCP", "UDP", "SCTP").contains(v.asText().toUpperCase(Locale.ROOT))),
        IP_PROTOCOL("an IP protocol number (-1-255)", v -> integerIn(v, -1, 255)),
        COUNT("a count (0 or more)", v -> integerIn(v, 0, Integer.MAX_VALUE)),
        STRING_MAP("an object of strings", v -> v.isObject() && v.properties().stream()
                .allMatch(e -> e.getValue().isTextual() || e.getValue().isNull()));

        final String expected;
        final Predicate<JsonNode> accepts;

        Type(String expected, Predicate<JsonNode> accepts) {
            this.expected = expected;
            this.accepts = accepts;
        }
    }

    private enum Need { REQUIRED, NOT_NULL, NULLABLE }

    private record Field(List<String> steps, Type type, Need need) {
    }

    private static final String[] METADATA = {
        "metadata object required", "metadata.name string required", "metadata.namespace string",
        "metadata.labels string_map", "metadata.annotations string_map", "metadata.uid string"};
    private static final String[] POD_TEMPLATE = {
        "hostNetwork boolean", "containers list", "containers[] object", "containers[].image string",
        "containers[].env list", "containers[].env[] object", "containers[].env[].name string",
        "containers[].env[].value string"};
    private static final String[] PCE = {"href string required", "name string", "labels list",
        "labels[] object", "labels[].href string required", "labels[].key string", "labels[].value string"};
    private static final String[] PCE_RULE = {"enabled boolean", "stateless boolean", "unscoped_consumers boolean",
        "providers list", "providers[] object", "consumers list", "consumers[] object", "ingress_services list",
        "ingress_services[] object", "ingress_services[].port port", "ingress_services[].to_port port",
        "ingress_services[].proto ip_protocol", "resolve_labels_as object", "resolve_labels_as.providers list",
        "resolve_labels_as.providers[] string", "resolve_labels_as.consumers list",
        "resolve_labels_as.consumers[] string"};

    private static final Map<Shape, List<Field>> FIELDS = new EnumMap<>(Shape.class);

    static {
        define(Shape.POD, METADATA, "metadata.ownerReferences list", "metadata.ownerReferences[] object",
                "metadata.ownerReferences[].kind string", "metadata.ownerReferences[].name string",
                "metadata.ownerReferences[].controller boolean", "spec object required", "spec.nodeName string",
                "spec.hostNetwork boolean", "spec.containers list", "spec.containers[] object",
                "spec.containers[].ports list", "spec.containers[].ports[] object",
                "spec.containers[].ports[].hostPort port_or_zero", "spec.containers[].ports[].protocol protocol",
                "spec.initContainers list", "spec.initContainers[] object", "spec.initContainers[].ports list",
                "spec.initContainers[].ports[] object", "spec.initContainers[].ports[].hostPort port_or_zero",
                "spec.initContainers[].ports[].protocol protocol", "status object", "status.phase string");
        define(Shape.SERVICE, METADATA, "spec object required", "spec.type string", "spec.clusterIP string",
                "spec.externalTrafficPolicy string", "spec.allocateLoadBalancerNodePorts boolean",
                "spec.selector string_map", "spec.ports list", "spec.ports[] object", "spec.ports[].name string",
                "spec.ports[].port port required", "spec.ports[].targetPort port_or_name",
                "spec.ports[].protocol protocol", "spec.ports[].nodePort port_or_zero");
        define(Shape.NODE, METADATA, "status object", "status.addresses list", "status.addresses[] object",
                "status.addresses[].type string", "status.addresses[].address string", "status.nodeInfo object",
                "status.nodeInfo.machineID string");
        define(Shape.NAMESPACE, METADATA);
        for (Shape workload : List.of(Shape.DAEMON_SET, Shape.DEPLOYMENT, Shape.STATEFUL_SET)) {
            define(workload, METADATA, "spec object required", "spec.replicas count", "status object",
                    "status.desiredNumberScheduled count", "spec.template object", "spec.template.spec object");
            define(workload, prefixed("spec.template.spec.", POD_TEMPLATE));
        }
        define(Shape.JOB, METADATA, "spec object required", "spec.parallelism count", "spec.template object",
                "spec.template.spec object");
        define(Shape.JOB, prefixed("spec.template.spec.", POD_TEMPLATE));
        define(Shape.CRON_JOB, METADATA, "spec object required", "spec.jobTemplate object",
                "spec.jobTemplate.spec object", "spec.jobTemplate.spec.template object",
                "spec.jobTemplate.spec.template.spec object");
        define(Shape.CRON_JOB, prefixed("spec.jobTemplate.spec.template.spec.", POD_TEMPLATE));
        define(Shape.CONFIG_MAP, METADATA, "data string_map");
        define(Shape.PCE_LABEL, PCE, "key string", "value string");
        define(Shape.PCE_LABEL_GROUP, PCE, "key string", "sub_groups list", "sub_groups[] object",
                "sub_groups[].href string required");
        define(Shape.PCE_WORKLOAD, PCE, "hostname string", "enforcement_mode string not_null", "deleted boolean",
                "online boolean", "containers_inherit_host_policy boolean", "container_cluster object",
                "container_cluster.href string required", "agent object", "agent.status object",
                "agent.status.security_policy_sync_state string", "agent.status.managed_since string",
                "agent.status.last_heartbeat_on string", "created_at string");
        define(Shape.PCE_CONTAINER_CLUSTER, PCE, "cluster_mode string", "clas_mode boolean",
                "kubelink_version string", "online boolean", "manager_type string", "network_type string");
        // A profile's labels are {key, assignment, restriction}, not label references.
        define(Shape.PCE_WORKLOAD_PROFILE, "href string required", "name string", "labels list", "labels[] object",
                "labels[].key string", "namespace string", "managed boolean", "enforcement_mode string",
                "assign_labels list", "assign_labels[] object", "assign_labels[].href string",
                "labels[].restriction list", "labels[].assignment object");
        define(Shape.PCE_VIRTUAL_SERVICE, PCE, "service_ports list", "service_ports[] object",
                "service_ports[].port port", "service_ports[].to_port port", "service_ports[].proto ip_protocol");
        define(Shape.PCE_SERVICE_BACKEND, "namespace string", "name string", "kind string",
                "virtual_service object required", "virtual_service.href string required",
                "virtual_service.name string");
        define(Shape.PCE_RULE_SET, PCE, "enabled boolean", "scopes list", "scopes[] list", "scopes[][] object",
                "rules list", "rules[] object", "rules[].href string");
        define(Shape.PCE_RULE_SET, prefixed("rules[].", PCE_RULE));
        define(Shape.PCE_RULE, PCE, PCE_RULE);
        define(Shape.PCE_PAIRING_PROFILE, PCE, "enabled boolean", "enforcement_mode string not_null");
        define(Shape.PCE_IP_LIST, PCE, "ip_ranges list", "ip_ranges[] object", "ip_ranges[].from_ip string",
                "ip_ranges[].to_ip string", "ip_ranges[].exclusion boolean", "fqdns list");
    }

    private FieldTypes() {
    }

    /** The wrong fields of an object, in the order they are defined; empty when all its facts' fields are right. */
    static List<Problem> check(Shape shape, JsonNode object) {
        List<Problem> problems = new ArrayList<>();
        for (Field field : FIELDS.getOrDefault(shape, List.of())) {
            walk(object, field, 0, "", problems);
        }
        return problems;
    }

    private static void walk(JsonNode node, Field field, int step, String path, List<Problem> problems) {
        String name = field.steps.get(step);
        boolean each = name.endsWith("[]");
        String key = each ? name.substring(0, name.length() - 2) : name;
        JsonNode value = key.isEmpty() ? node : node.get(key);
        String here = key.isEmpty() ? path : path.isEmpty() ? key : path + "." + key;
        if (each) {
            // The list itself is checked by its own entry; here only its elements, when it is one.
            if (value != null && value.isArray()) {
                for (int i = 0; i < value.size(); i++) {
                    next(value.get(i), field, step, here + "[" + i + "]", problems);
                }
            }
            return;
        }
        next(value, field, step, here, problems);
    }

    private static void next(JsonNode value, Field field, int step, String path, List<Problem> problems) {
        if (step < field.steps.size() - 1) {
            // Into containers only: a scalar where an object belongs is its own entry's problem.
            if (value != null && value.isContainerNode()) {
                walk(value, field, step + 1, path, problems);
            }
            return;
        }
        boolean absent = value == null || value.isMissingNode();
        if (absent ? field.need == Need.REQUIRED
                : value.isNull() ? field.need != Need.NULLABLE : !field.type.accepts.test(value)) {
            problems.add(new Problem(path, field.type.expected, absent ? "nothing" : Found.of(value)));
        }
    }

    private static boolean integerIn(JsonNode value, long min, long max) {
        return value.isIntegralNumber() && value.canConvertToLong() && value.longValue() >= min
                && value.longValue() <= max;
    }

    private static String[] prefixed(String prefix, String[] fields) {
        return java.util.Arrays.stream(fields).map(f -> prefix + f).toArray(String[]::new);
    }

    private static void define(Shape shape, String[] common, String... own) {
        define(shape, common);
        define(shape, own);
    }

    private static void define(Shape shape, String... lines) {
        List<Field> fields = FIELDS.computeIfAbsent(shape, s -> new ArrayList<>());
        for (String line : lines) {
            String[] parts = line.split(" ");
            // "scopes[][]": the list's elements' elements; each [] is a step of its own.
            List<String> steps = new ArrayList<>();
            for (String step : parts[0].split("\\.")) {
                int brackets = step.indexOf("[]");
                if (brackets < 0) {
                    steps.add(step);
                    continue;
                }
                steps.add(step.substring(0, brackets) + "[]");
                for (int rest = brackets + 2; rest < step.length(); rest += 2) {
                    steps.add("[]");
                }
            }
            fields.add(new Field(steps, Type.valueOf(parts[1].toUpperCase(Locale.ROOT)),
                    parts.length > 2 ? Need.valueOf(parts[2].toUpperCase(Locale.ROOT)) : Need.NULLABLE));
        }
    }
}
