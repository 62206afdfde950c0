package io.caveat.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/**
 * What an object is, told from its content only (kind/apiVersion, href pattern, field shape), never from the
 * name of the file it came from.
 */
enum Shape {
    POD, SERVICE, NODE, NAMESPACE, DAEMON_SET, DEPLOYMENT, STATEFUL_SET, CONFIG_MAP, FELIX_CONFIGURATION,
    NETWORK_CONFIG, NETWORK_OPERATOR,
    PCE_LABEL, PCE_LABEL_GROUP, PCE_WORKLOAD, PCE_CONTAINER_CLUSTER, PCE_WORKLOAD_PROFILE, PCE_VIRTUAL_SERVICE,
    PCE_SERVICE_BACKEND, PCE_RULE_SET, PCE_RULE, PCE_PAIRING_PROFILE,
    /** The manifest caveat snapshot writes beside the data: when, from where, what could not be read. */
    MANIFEST,
    /** A recognisable object no rule needs (Secret, Event, ReplicaSet, PCE ip list...). */
    OTHER;

    private static final Pattern ORG = Pattern.compile("^/orgs/\\d+/");
    private static final Pattern POLICY = Pattern.compile("^/orgs/\\d+/sec_policy/[^/]+/");

    /**
     * @param listKind the kind of the enclosing list (PodList...), for API lists whose items carry no kind
     * @return the shape, or null when nothing about the object is recognisable
     */
    static Shape of(JsonNode object, String listKind) {
        if (object.has(SnapshotManifest.FIELD)) {
            return MANIFEST;
        }
        // PCE objects first: some carry a Kubernetes "kind" too (service_backends, CLAS kubernetes_workloads).
        String href = Json.text(object, "href");
        if (href != null) {
            return ofHref(href);
        }
        if (object.has("virtual_service") && object.has("namespace") && !object.has("metadata")) {
            return PCE_SERVICE_BACKEND;
        }
        String kind = Json.text(object, "kind");
        if (kind != null) {
            return ofKind(kind, Json.text(object, "apiVersion"));
        }
        if (listKind != null && listKind.endsWith("List") && !listKind.equals("List")) {
            return ofKind(listKind.substring(0, listKind.length() - 4), null);
        }
        return ofFields(object);
    }

    private static Shape ofKind(String kind, String apiVersion) {
        return switch (kind) {
            case "Pod" -> POD;
            case "Service" -> SERVICE;
            case "Node" -> NODE;
            case "Namespace" -> NAMESPACE;
            case "DaemonSet" -> DAEMON_SET;
            case "Deployment" -> DEPLOYMENT;
            case "StatefulSet" -> STATEFUL_SET;
            case "ConfigMap" -> CONFIG_MAP;
            case "Network" -> network(apiVersion);
            case "FelixConfiguration" -> felix(apiVersion);
            default -> OTHER;
        };
    }

    /** Only OpenShift's two Network kinds; other groups (networking.gke.io...) name something else. */
    private static Shape network(String apiVersion) {
        if (apiVersion == null || apiVersion.startsWith("config.openshift.io")) {
            return NETWORK_CONFIG;
        }
        return apiVersion.startsWith("operator.openshift.io") ? NETWORK_OPERATOR : OTHER;
    }

    /** Calico's, as the CRD (crd.projectcalico.org) or its API server (projectcalico.org) serves it. */
    private static Shape felix(String apiVersion) {
        return apiVersion == null || apiVersion.startsWith("crd.projectcalico.org/")
                || apiVersion.startsWith("projectcalico.org/") ? FELIX_CONFIGURATION : OTHER;
    }

    private static Shape ofHref(String href) {
        if (!ORG.matcher(href).find()) {
            return OTHER;
        }
        if (href.contains("/container_workload_profiles/")) {
            return PCE_WORKLOAD_PROFILE;
        }
        if (href.contains("/sec_rules/")) {
            return PCE_RULE;
        }
        if (POLICY.matcher(href).find()) {
            if (href.contains("/rule_sets/")) {
                return PCE_RULE_SET;
            }
            if (href.contains("/virtual_services/")) {
                return PCE_VIRTUAL_SERVICE;
            }
            if (href.contains("/label_groups/")) {
                return PCE_LABEL_GROUP;
            }
            return OTHER;
        }
        if (href.contains("/container_clusters/")) {
            return PCE_CONTAINER_CLUSTER;
        }
        if (href.contains("/workloads/")) {
            return PCE_WORKLOAD;
        }
        if (href.contains("/pairing_profiles/")) {
            return PCE_PAIRING_PROFILE;
        }
        if (href.contains("/labels/")) {
            return PCE_LABEL;
        }
        return OTHER;
    }

    /** Objects exported without kind/apiVersion (the insights-operator archive does this). */
    private static Shape ofFields(JsonNode object) {
        String selfLink = Json.text(object, "metadata", "selfLink");
        if (selfLink != null) {
            if (selfLink.startsWith("/apis/config.openshift.io/") && selfLink.contains("/networks/")) {
                return NETWORK_CONFIG;
            }
            if (selfLink.startsWith("/apis/operator.openshift.io/") && selfLink.contains("/networks/")) {
                return NETWORK_OPERATOR;
            }
        }
        if (Json.at(object, "spec", "defaultNetwork") != null) {
            return NETWORK_OPERATOR;
        }
        if (Json.at(object, "spec", "networkType") != null || Json.at(object, "status", "networkType") != null) {
            return NETWORK_CONFIG;
        }
        if (Json.at(object, "spec", "containers") != null && Json.at(object, "metadata") != null) {
            return POD;
        }
        if (Json.at(object, "status", "nodeInfo") != null) {
            return NODE;
        }
        if (Json.at(object, "spec", "ports") != null && Json.at(object, "metadata") != null
                && (Json.at(object, "spec", "clusterIP") != null || Json.at(object, "spec", "type") != null)) {
            return SERVICE;
        }
        return null;
    }
}
