package io.caveat.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.caveat.model.ContainerCluster;
import io.caveat.model.ContainerHost;
import io.caveat.model.ContainerWorkloadProfile;
import io.caveat.model.IpList;
import io.caveat.model.Label;
import io.caveat.model.LabelGroup;
import io.caveat.model.PairingProfile;
import io.caveat.model.RuleActor;
import io.caveat.model.RuleSetScope;
import io.caveat.model.SecurityRule;
import io.caveat.model.ServiceBackend;
import io.caveat.model.VenWorkload;
import io.caveat.model.VirtualService;
import io.caveat.model.VirtualServicePort;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Turns PCE API objects into facts. Runs after every file is read, because objects refer to labels, label
 * groups and rule sets by href and those may come from any file.
 */
final class PceFacts {
    private final NodeNames nodes;
    private final Map<String, String[]> labels = new HashMap<>();
    private final Map<String, JsonNode> labelGroups = new HashMap<>();
    private final Map<String, String> ruleSetNames = new HashMap<>();
    private final Map<String, Boolean> ruleSetsEnabled = new HashMap<>();
    private final Set<String> embeddedRules = new HashSet<>();
    private final Map<String, String> virtualServiceNames = new HashMap<>();
    /** Virtual service hrefs by their last path segment, to join backends that point at the other policy version. */
    private final Map<String, String> virtualServicesById = new HashMap<>();

    PceFacts(NodeNames nodes) {
        this.nodes = nodes;
    }

    /** Learns every label (also those inlined as {href,key,value} in other objects) and label group. */
    void learn(Shape shape, JsonNode o) {
        switch (shape) {
            case PCE_LABEL -> {
                if (Json.text(o, "key") != null) {
                    labels.put(Json.text(o, "href"), new String[]{Json.text(o, "key"), Json.text(o, "value")});
                }
            }
            case PCE_LABEL_GROUP -> labelGroups.put(Json.text(o, "href"), o);
            case PCE_RULE_SET -> {
                ruleSetNames.put(Json.text(o, "href"), Json.text(o, "name"));
                ruleSetsEnabled.put(Json.text(o, "href"), Json.bool(o, true, "enabled"));
                Json.elements(o, "rules").forEach(r -> embeddedRules.add(Json.text(r, "href")));
            }
            case PCE_VIRTUAL_SERVICE -> {
                String href = Json.text(o, "href");
                virtualServiceNames.put(href, Json.text(o, "name"));
                virtualServicesById.put(lastSegment(href), href);
            }
            default -> {
            }
        }
        for (JsonNode label : Json.elements(o, "labels")) {
            String href = Json.text(label, "href");
            if (href != null && Json.text(label, "key") != null && !labels.containsKey(href)) {
                labels.put(href, new String[]{Json.text(label, "key"), Json.text(label, "value")});
            }
        }
    }

    /** @return true when the object became a fact; false when it is of no use to rules (a plain workload) */
    boolean convert(Shape shape, JsonNode o, Consumer<Object> out) {
        switch (shape) {
            case PCE_LABEL -> out.accept(new Label(Json.text(o, "href"), Json.text(o, "key"), Json.text(o, "value")));
            case PCE_LABEL_GROUP -> out.accept(new LabelGroup(Json.text(o, "href"), Json.text(o, "name"),
                    Json.text(o, "key"), expand(Json.text(o, "href"))));
            case PCE_WORKLOAD -> {
                return containerHost(o, out);
            }
            case PCE_CONTAINER_CLUSTER -> out.accept(containerCluster(o));
            case PCE_WORKLOAD_PROFILE -> out.accept(profile(o));
            case PCE_VIRTUAL_SERVICE -> virtualService(o, out);
            case PCE_IP_LIST -> out.accept(ipList(o));
            case PCE_SERVICE_BACKEND -> {
                String vs = Json.text(o, "virtual_service", "href");
                vs = vs == null ? null : virtualServicesById.getOrDefault(lastSegment(vs), vs);
                out.accept(new ServiceBackend(Json.text(o, "namespace"), Json.text(o, "name"), Json.text(o, "kind"),
                        vs, KubernetesFacts.orElse(Json.text(o, "virtual_service", "name"),
                                virtualServiceNames.get(vs))));
            }
            case PCE_RULE_SET -> ruleSet(o, out);
            case PCE_RULE -> {
                // A rule exported on its own as well as inside its rule set counts once, as in its rule set.
                if (embeddedRules.contains(Json.text(o, "href"))) {
                    return false;
                }
                String ruleSet = ruleSetOf(Json.text(o, "href"));
                rule(o, Json.text(o, "href"), ruleSet, ruleSetNames.get(ruleSet), ruleSetsEnabled.getOrDefault(ruleSet, true),
                        out);
            }
            case PCE_PAIRING_PROFILE -> {
                Set<String> hrefs = labelHrefs(o);
                out.accept(new PairingProfile(Json.text(o, "href"), Json.text(o, "name"),
                        Json.bool(o, true, "enabled"), Json.text(o, "enforcement_mode"), display(hrefs), hrefs));
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private boolean containerHost(JsonNode o, Consumer<Object> out) {
        String cluster = Json.text(o, "container_cluster", "href");
        if (Json.bool(o, false, "deleted")) {
            return false;
        }
        if (cluster == null) {
            // A plain VEN: kept when it is one of this snapshot's nodes, whatever its settings (rules judge those);
            // the PCE's other workloads (servers outside the cluster) are not the cluster's business.
            String hostname = KubernetesFacts.orElse(Json.text(o, "hostname"), Json.text(o, "name"));
            String node = nodes.exactly(hostname);
            if (node == null) {
                return false;
            }
            out.accept(new VenWorkload(Json.text(o, "href"), hostname, node,
                    Json.text(o, "enforcement_mode"), Json.bool(o, false, "containers_inherit_host_policy"),
                    display(labelHrefs(o))));
            return true;
        }
        Set<String> hrefs = labelHrefs(o);
        String hostname = KubernetesFacts.orElse(Json.text(o, "hostname"), Json.text(o, "name"));
        out.accept(new ContainerHost(Json.text(o, "href"), hostname, nodes.of(hostname), cluster, Json.text(o, "enforcement_mode"),
                Json.text(o, "agent", "status", "security_policy_sync_state"),
                KubernetesFacts.orElse(Json.text(o, "agent", "status", "managed_since"), Json.text(o, "created_at")),
                Json.text(o, "agent", "status", "last_heartbeat_on"), Json.bool(o, false, "online"),
                display(hrefs), hrefs));
        return true;
    }

    private static ContainerCluster containerCluster(JsonNode o) {
        // cluster_mode exists from PCE 23.5.10 (default legacy); an older PCE only knows legacy clusters.
        String mode = Json.text(o, "cluster_mode");
        if (mode == null) {
            mode = Json.bool(o, false, "clas_mode") ? "clas" : "legacy";
        }
        String version = Json.text(o, "kubelink_version");
        return new ContainerCluster(Json.text(o, "href"), Json.text(o, "name"), mode, version,
                Json.bool(o, false, "online"), Json.text(o, "manager_type"), Json.text(o, "network_type"),
                version == null ? null : "the PCE");
    }

    private ContainerWorkloadProfile profile(JsonNode o) {
        String href = Json.text(o, "href");
        Map<String, String> assignments = new LinkedHashMap<>();
        Map<String, Set<String>> restrictions = new LinkedHashMap<>();
        for (JsonNode label : Json.elements(o, "assign_labels")) {
            String labelHref = Json.text(label, "href");
            String[] kv = labels.get(labelHref);
            if (kv != null) {
                assignments.put(kv[0], labelHref);
            }
        }
        for (JsonNode entry : Json.elements(o, "labels")) {
            String key = Json.text(entry, "key");
            if (key == null) {
                continue;
            }
            String assigned = Json.text(entry, "assignment", "href");
            if (assigned != null) {
                assignments.put(key, assigned);
            }
            Set<String> allowed = new LinkedHashSet<>();
            Json.elements(entry, "restriction").forEach(r -> allowed.add(Json.text(r, "href")));
            if (!allowed.isEmpty()) {
                restrictions.put(key, allowed);
            }
        }
        return new ContainerWorkloadProfile(href, href.substring(0, href.indexOf("/container_workload_profiles/")),
                Json.text(o, "namespace"), Json.bool(o, false, "managed"), Json.text(o, "enforcement_mode"),
                assignments, restrictions);
    }

    private void virtualService(JsonNode o, Consumer<Object> out) {
        String href = Json.text(o, "href");
        Set<String> hrefs = labelHrefs(o);
        out.accept(new VirtualService(href, Json.text(o, "name"), display(hrefs), hrefs));
        for (JsonNode p : Json.elements(o, "service_ports")) {
            out.accept(new VirtualServicePort(href, Json.integer(p, -1, "port"), Json.integer(p, 0, "to_port"),
                    protocol(Json.integer(p, -1, "proto"))));
        }
    }

    /** Ranges as the PCE writes them (an address or CIDR in from_ip), "from-to" when to_ip is set. */
    private static IpList ipList(JsonNode o) {
        Set<String> includes = new TreeSet<>();
        Set<String> excludes = new TreeSet<>();
        for (JsonNode range : Json.elements(o, "ip_ranges")) {
            String from = Json.text(range, "from_ip");
            String to = Json.text(range, "to_ip");
            if (from != null) {
                (Json.bool(range, false, "exclusion") ? excludes : includes).add(to == null ? from : from + "-" + to);
            }
        }
        return new IpList(Json.text(o, "href"), Json.text(o, "name"), includes, excludes,
                count(Json.elements(o, "fqdns")));
    }

    private static int count(Iterable<JsonNode> elements) {
        int n = 0;
        for (JsonNode ignored : elements) {
            n++;
        }
        return n;
    }

    private void ruleSet(JsonNode o, Consumer<Object> out) {
        String href = Json.text(o, "href");
        String name = Json.text(o, "name");
        int index = 0;
        for (JsonNode scope : Json.elements(o, "scopes")) {
            List<String> refs = new ArrayList<>();
            List<String> exclusions = new ArrayList<>();
            for (JsonNode entry : scope) {
                String ref = KubernetesFacts.orElse(Json.text(entry, "label", "href"),
                        Json.text(entry, "label_group", "href"));
                if (ref != null) {
                    (Json.bool(entry, false, "exclusion") ? exclusions : refs).add(ref);
                }
            }
            List<String> shown = new ArrayList<>(refs.stream().map(this::labelDisplay).toList());
            exclusions.forEach(ref -> shown.add("NOT " + labelDisplay(ref)));
            out.accept(new RuleSetScope(href, index++, refs, exclusions,
                    shown.isEmpty() ? "all" : String.join(" AND ", shown)));
        }
        boolean enabled = Json.bool(o, true, "enabled");
        int position = 0;
        for (JsonNode rule : Json.elements(o, "rules")) {
            position++;
            // Hand-made exports may lack hrefs; the rule's place in its rule set keys it instead.
            rule(rule, KubernetesFacts.orElse(Json.text(rule, "href"), href + "/sec_rules/#" + position), href, name,
                    enabled, out);
        }
    }

    private void rule(JsonNode o, String href, String ruleSet, String ruleSetName, boolean ruleSetEnabled,
                      Consumer<Object> out) {
        out.accept(new SecurityRule(href, ruleSet, KubernetesFacts.orElse(ruleSetName, ruleSet),
                ruleSetEnabled && Json.bool(o, true, "enabled"), Json.bool(o, false, "stateless"),
                Json.bool(o, false, "unscoped_consumers"), resolveAs(o, "providers"), resolveAs(o, "consumers"),
                ingressServices(o)));
        for (String side : List.of("consumers", "providers")) {
            for (JsonNode actor : Json.elements(o, side)) {
                out.accept(actor(href, side, actor));
            }
        }
    }

    private static Set<String> resolveAs(JsonNode rule, String side) {
        Set<String> out = new TreeSet<>();
        Json.elements(rule, "resolve_labels_as", side).forEach(v -> out.add(v.asText()));
        return out.isEmpty() ? Set.of("workloads") : out;
    }

    private RuleActor actor(String rule, String side, JsonNode actor) {
        boolean exclusion = Json.bool(actor, false, "exclusion");
        String actors = Json.text(actor, "actors");
        if (actors != null) {
            return new RuleActor(rule, side, actors, null, null, exclusion,
                    "ams".equals(actors) ? "All Workloads" : "container_host".equals(actors)
                            ? "All container hosts" : actors);
        }
        var fields = actor.fieldNames();
        while (fields.hasNext()) {
            String type = fields.next();
            String ref = Json.text(actor, type, "href");
            if (ref != null) {
                String display = switch (type) {
                    case "label", "label_group" -> labelDisplay(ref);
                    case "virtual_service" -> KubernetesFacts.orElse(virtualServiceNames.get(ref), ref);
                    default -> KubernetesFacts.orElse(KubernetesFacts.orElse(Json.text(actor, type, "hostname"),
                            Json.text(actor, type, "name")), ref);
                };
                return new RuleActor(rule, side, type, ref, labelKey(ref), exclusion,
                        (exclusion ? "NOT " : "") + display);
            }
        }
        return new RuleActor(rule, side, "unknown", null, null, exclusion, actor.toString());
    }

    private static String ingressServices(JsonNode rule) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : Json.elements(rule, "ingress_services")) {
            String href = Json.text(s, "href");
            if (href != null) {
                out.add("service " + href.substring(href.lastIndexOf('/') + 1));
                continue;
            }
            int port = Json.integer(s, -1, "port");
            int to = Json.integer(s, 0, "to_port");
            String proto = protocol(Json.integer(s, -1, "proto"));
            out.add(port < 0 ? "all ports/" + proto : (to > 0 ? port + "-" + to : String.valueOf(port)) + "/" + proto);
        }
        return String.join(", ", out);
    }

    static String protocol(int proto) {
        return switch (proto) {
            case 6 -> "TCP";
            case 17 -> "UDP";
            case 1 -> "ICMP";
            case 58 -> "ICMPv6";
            case -1 -> "any";
            default -> String.valueOf(proto);
        };
    }

    private static String lastSegment(String href) {
        return href.substring(href.lastIndexOf('/') + 1);
    }

    private static String ruleSetOf(String ruleHref) {
        int at = ruleHref.indexOf("/sec_rules/");
        return at < 0 ? ruleHref : ruleHref.substring(0, at);
    }

    private static Set<String> labelHrefs(JsonNode o) {
        Set<String> out = new LinkedHashSet<>();
        Json.elements(o, "labels").forEach(l -> {
            if (Json.text(l, "href") != null) {
                out.add(Json.text(l, "href"));
            }
        });
        return out;
    }

    private Map<String, String> display(Set<String> hrefs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String href : hrefs) {
            String[] kv = labels.get(href);
            if (kv != null) {
                out.put(kv[0], kv[1]);
            } else {
                out.put(href, "?");
            }
        }
        return out;
    }

    private String labelKey(String href) {
        String[] kv = labels.get(href);
        if (kv != null) {
            return kv[0];
        }
        JsonNode group = labelGroups.get(href);
        return group == null ? null : Json.text(group, "key");
    }

    private String labelDisplay(String href) {
        String[] kv = labels.get(href);
        if (kv != null) {
            return kv[0] + "=" + kv[1];
        }
        JsonNode group = labelGroups.get(href);
        return group != null ? "group " + Json.text(group, "name") : href;
    }

    /** Member label hrefs of a group, sub-groups expanded (cycles tolerated). */
    private Set<String> expand(String groupHref) {
        Set<String> members = new LinkedHashSet<>();
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(groupHref));
        while (!todo.isEmpty()) {
            JsonNode group = labelGroups.get(todo.pop());
            if (group == null || !seen.add(Json.text(group, "href"))) {
                continue;
            }
            Json.elements(group, "labels").forEach(l -> members.add(Json.text(l, "href")));
            Json.elements(group, "sub_groups").forEach(g -> todo.push(Json.text(g, "href")));
        }
        return members;
    }
}
