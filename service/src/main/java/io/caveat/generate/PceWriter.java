package io.caveat.generate;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes the PCE side as its REST API answers (the shapes of docs/examples/demo/pce): labels, the container
 * cluster, its container hosts, one container workload profile per namespace, one virtual service and service
 * backend per Service (as Kubelink creates them), rule sets with rules and actors, pairing profiles.
 */
final class PceWriter {
    private static final String AT = "2026-10-01T09:40:02.000Z";
    private static final int ROLE_NODE = 1;
    private static final int ROLE_WEB = 2;
    private static final int ROLE_DB = 3;
    private static final int ROLE_CLIENT = 4;
    private static final int ENV_PROD = 5;
    private static final int LOC_DC1 = 6;
    private static final int APP_LABELS = 1000;

    private final ClusterPlan plan;
    private final GeneratorSize size;

    PceWriter(ClusterPlan plan) {
        this.plan = plan;
        this.size = plan.size;
    }

    void write(Path pce) throws IOException {
        try (JsonGenerator g = JsonFiles.array(pce.resolve("labels.json"))) {
            label(g, ROLE_NODE, "role", "Node");
            label(g, ROLE_WEB, "role", "Web");
            label(g, ROLE_DB, "role", "DB");
            label(g, ROLE_CLIENT, "role", "Client");
            label(g, ENV_PROD, "env", "Prod");
            label(g, LOC_DC1, "loc", "DC1");
            for (int ns = 0; ns < size.namespaces(); ns++) {
                label(g, APP_LABELS + ns, "app", appLabel(ns));
            }
        }
        try (JsonGenerator g = JsonFiles.array(pce.resolve("container_clusters.json"))) {
            containerCluster(g);
        }
        try (JsonGenerator g = JsonFiles.array(pce.resolve("workloads.json"))) {
            for (int i = 0; i < size.nodes(); i++) {
                containerHost(g, i);
            }
        }
        try (JsonGenerator g = JsonFiles.array(pce.resolve("container_workload_profiles.json"))) {
            for (int ns = 0; ns < size.namespaces(); ns++) {
                profile(g, ns);
            }
        }
        try (JsonGenerator g = JsonFiles.array(pce.resolve("virtual_services.json"))) {
            for (int s = 0; s < size.services(); s++) {
                virtualService(g, s);
            }
        }
        try (JsonGenerator g = JsonFiles.array(pce.resolve("service_backends.json"))) {
            for (int s = 0; s < size.services(); s++) {
                serviceBackend(g, s);
            }
        }
        try (JsonGenerator g = JsonFiles.array(pce.resolve("rule_sets.json"))) {
            for (int r = 0; r < size.ruleSets(); r++) {
                ruleSet(g, r);
            }
        }
        try (JsonGenerator g = JsonFiles.array(pce.resolve("pairing_profiles.json"))) {
            pairingProfile(g, 21, "PP-K8S-NODES-ENFORCED", "full", new int[] {ROLE_NODE, ENV_PROD, LOC_DC1});
            pairingProfile(g, 22, "PP-K8S-NODES", "visibility_only", new int[] {ROLE_NODE, ENV_PROD, LOC_DC1});
            pairingProfile(g, 23, "Default (Servers)", "idle", new int[0]);
        }
    }

    private String appLabel(int ns) {
        return "A-TEAM-" + String.format("%04d", ns);
    }

    private static String labelHref(int id) {
        return "/orgs/1/labels/" + id;
    }

    private static void audit(JsonGenerator g) throws IOException {
        g.writeStringField("created_at", AT);
        g.writeStringField("updated_at", AT);
        g.writeObjectFieldStart("created_by");
        g.writeStringField("href", "/users/1");
        g.writeEndObject();
    }

    private void label(JsonGenerator g, int id, String key, String value) throws IOException {
        g.writeStartObject();
        g.writeStringField("href", labelHref(id));
        g.writeStringField("key", key);
        g.writeStringField("value", value);
        audit(g);
        g.writeEndObject();
    }

    private void labelRefs(JsonGenerator g, String field, int... ids) throws IOException {
        g.writeArrayFieldStart(field);
        for (int id : ids) {
            g.writeStartObject();
            g.writeStringField("href", labelHref(id));
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private void containerCluster(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("href", ClusterPlan.CLUSTER);
        g.writeStringField("name", "k8s-generated");
        g.writeStringField("manager_type", size.openshiftOvn() ? "OpenShift v4.16.12" : "Kubernetes v1.30.4");
        g.writeStringField("kubelink_version", "5.3.1-2");
        g.writeBooleanField("online", true);
        g.writeArrayFieldStart("nodes");
        for (int i = 0; i < size.nodes(); i++) {
            g.writeStartObject();
            g.writeStringField("name", plan.node(i));
            g.writeStringField("pod_subnet", "10." + (128 + i / 256) + "." + (i % 256) + ".0/24");
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeStringField("container_runtime", "containerd");
        g.writeStringField("cluster_mode", "legacy");
        g.writeStringField("network_type", "overlay");
        g.writeEndObject();
    }

    private void containerHost(JsonGenerator g, int i) throws IOException {
        g.writeStartObject();
        g.writeStringField("href", plan.hostHref(i));
        g.writeStringField("hostname", plan.node(i));
        g.writeStringField("enforcement_mode", plan.hostEnforcement(i));
        g.writeStringField("visibility_level", "flow_summary");
        g.writeBooleanField("online", true);
        g.writeArrayFieldStart("interfaces");
        g.writeStartObject();
        g.writeStringField("name", "eth0");
        g.writeStringField("address", plan.nodeIp(i));
        g.writeNumberField("cidr_block", 16);
        g.writeEndObject();
        g.writeEndArray();
        labelRefs(g, "labels", ROLE_NODE, ENV_PROD, LOC_DC1);
        g.writeObjectFieldStart("container_cluster");
        g.writeStringField("href", ClusterPlan.CLUSTER);
        g.writeStringField("name", "k8s-generated");
        g.writeEndObject();
        g.writeBooleanField("containers_inherit_host_policy", false);
        g.writeObjectFieldStart("agent");
        g.writeObjectFieldStart("status");
        g.writeStringField("status", "active");
        g.writeStringField("agent_version", "23.4.11-8");
        g.writeStringField("security_policy_sync_state", plan.hostSyncState(i));
        g.writeEndObject();
        g.writeEndObject();
        audit(g);
        g.writeEndObject();
    }

    private void profile(JsonGenerator g, int ns) throws IOException {
        g.writeStartObject();
        g.writeStringField("href", ClusterPlan.CLUSTER + "/container_workload_profiles/" + plan.uid(4_000_000L + ns));
        g.writeStringField("namespace", plan.namespace(ns));
        g.writeStringField("enforcement_mode", ns % 10 == 9 ? "visibility_only" : "full");
        g.writeStringField("visibility_level", "flow_summary");
        g.writeBooleanField("managed", true);
        g.writeArrayFieldStart("labels");
        assignment(g, "app", APP_LABELS + ns, appLabel(ns));
        assignment(g, "env", ENV_PROD, "Prod");
        assignment(g, "loc", LOC_DC1, "DC1");
        g.writeStartObject();
        g.writeStringField("key", "role");
        g.writeArrayFieldStart("restriction");
        for (int id : new int[] {ROLE_WEB, ROLE_DB, ROLE_CLIENT}) {
            g.writeStartObject();
            g.writeStringField("href", labelHref(id));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndArray();
        g.writeBooleanField("linked", true);
        audit(g);
        g.writeEndObject();
    }

    private void assignment(JsonGenerator g, String key, int id, String value) throws IOException {
        g.writeStartObject();
        g.writeStringField("key", key);
        g.writeObjectFieldStart("assignment");
        g.writeStringField("href", labelHref(id));
        g.writeStringField("value", value);
        g.writeEndObject();
        g.writeEndObject();
    }

    private void virtualService(JsonGenerator g, int s) throws IOException {
        int ns = plan.applicationNamespace(plan.serviceApplication(s));
        g.writeStartObject();
        g.writeStringField("href", plan.virtualServiceHref(s));
        g.writeStringField("name", plan.virtualServiceName(s));
        g.writeStringField("apply_to", "internal_bridge_network");
        g.writeArrayFieldStart("service_ports");
        servicePort(g, 8080, 6);
        if (plan.mixedProtocol(s)) {
            servicePort(g, 8125, 17);
        } else if (s % 3 == 0) {
            servicePort(g, 9090, 6);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("labels");
        for (int id : new int[] {ROLE_WEB, APP_LABELS + ns, ENV_PROD, LOC_DC1}) {
            g.writeStartObject();
            g.writeStringField("href", labelHref(id));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeObjectFieldStart("created_by");
        g.writeStringField("href", ClusterPlan.CLUSTER);
        g.writeEndObject();
        g.writeStringField("created_at", AT);
        g.writeStringField("updated_at", AT);
        g.writeEndObject();
    }

    private static void servicePort(JsonGenerator g, int port, int proto) throws IOException {
        g.writeStartObject();
        g.writeNumberField("port", port);
        g.writeNumberField("proto", proto);
        g.writeEndObject();
    }

    private void serviceBackend(JsonGenerator g, int s) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", plan.service(s));
        g.writeStringField("kind", "Service");
        g.writeStringField("namespace", plan.namespace(plan.applicationNamespace(plan.serviceApplication(s))));
        g.writeStringField("created_at", AT);
        g.writeStringField("updated_at", AT);
        g.writeObjectFieldStart("virtual_service");
        g.writeStringField("href", plan.virtualServiceHref(s));
        g.writeStringField("name", plan.virtualServiceName(s));
        g.writeEndObject();
        g.writeEndObject();
    }

    private void ruleSet(JsonGenerator g, int r) throws IOException {
        int ns = r % size.namespaces();
        String href = "/orgs/1/sec_policy/active/rule_sets/" + (r + 1);
        g.writeStartObject();
        g.writeStringField("href", href);
        g.writeStringField("name", "RS-" + appLabel(ns) + (r >= size.namespaces() ? "-" + r / size.namespaces() : ""));
        g.writeBooleanField("enabled", r % 50 != 49);
        audit(g);
        g.writeArrayFieldStart("scopes");
        g.writeStartArray();
        for (int id : new int[] {APP_LABELS + ns, ENV_PROD}) {
            g.writeStartObject();
            g.writeObjectFieldStart("label");
            g.writeStringField("href", labelHref(id));
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndArray();
        g.writeArrayFieldStart("rules");
        for (int j = 0; j < size.rulesPerSet(); j++) {
            rule(g, href, r * size.rulesPerSet() + j, j, plan.serviceOf(ns, r / size.namespaces() * 2 + j / 5));
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /**
     * Rules of the kinds real policies hold: tier to tier, clients to a virtual service of the namespace, hosts,
     * All Workloads; about one in a hundred stateless.
     */
    private void rule(JsonGenerator g, String ruleSet, int index, int j, int service) throws IOException {
        g.writeStartObject();
        g.writeStringField("href", ruleSet + "/sec_rules/" + (index + 1));
        g.writeBooleanField("enabled", true);
        audit(g);
        boolean toVirtualService = j % 5 == 0 && size.services() > 0;
        g.writeArrayFieldStart("providers");
        if (toVirtualService) {
            g.writeStartObject();
            g.writeObjectFieldStart("virtual_service");
            g.writeStringField("href", plan.virtualServiceHref(service));
            g.writeEndObject();
            g.writeEndObject();
        } else {
            actorLabel(g, j % 5 == 2 ? ROLE_DB : ROLE_WEB);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("consumers");
        if (j % 5 == 3) {
            g.writeStartObject();
            g.writeStringField("actors", "ams");
            g.writeEndObject();
        } else {
            actorLabel(g, j % 5 == 4 ? ROLE_NODE : j % 5 == 2 ? ROLE_WEB : ROLE_CLIENT);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("consuming_security_principals");
        g.writeEndArray();
        g.writeBooleanField("sec_connect", false);
        g.writeBooleanField("stateless", index % 97 == 11);
        g.writeBooleanField("machine_auth", false);
        g.writeBooleanField("unscoped_consumers", j % 5 == 4);
        g.writeStringField("network_type", "brn");
        g.writeArrayFieldStart("ingress_services");
        if (!toVirtualService) {
            servicePort(g, j % 5 == 2 ? 5432 : 8080, 6);
        }
        g.writeEndArray();
        g.writeObjectFieldStart("resolve_labels_as");
        g.writeArrayFieldStart("providers");
        g.writeString(toVirtualService ? "virtual_services" : "workloads");
        g.writeEndArray();
        g.writeArrayFieldStart("consumers");
        g.writeString("workloads");
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndObject();
    }

    private void actorLabel(JsonGenerator g, int id) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("label");
        g.writeStringField("href", labelHref(id));
        g.writeEndObject();
        g.writeEndObject();
    }

    private void pairingProfile(JsonGenerator g, int id, String name, String mode, int[] labels) throws IOException {
        g.writeStartObject();
        g.writeStringField("href", "/orgs/1/pairing_profiles/" + id);
        g.writeStringField("name", name);
        g.writeBooleanField("enabled", true);
        g.writeBooleanField("is_default", labels.length == 0);
        g.writeStringField("enforcement_mode", mode);
        g.writeStringField("visibility_level", "flow_summary");
        labelRefs(g, "labels", labels);
        audit(g);
        g.writeEndObject();
    }
}
