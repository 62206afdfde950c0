package io.caveat.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What an object is, told from its content only (kind/apiVersion, href pattern, field shape), never from the
 * name of the file it came from; and, in one place per shape, the fact kinds it provides and how a person exports it.
 */
enum Shape {
    POD("kubectl get pods -A -o json", "Pod", "PodOwner"),
    SERVICE("kubectl get services -A -o json", "Service", "ServicePort"),
    NODE("kubectl get nodes -o json", "Node"),
    NAMESPACE("kubectl get namespaces -o json", "Namespace"),
    DAEMON_SET("kubectl get daemonsets,deployments,statefulsets -A -o json", "Workload"),
    DEPLOYMENT("kubectl get daemonsets,deployments,statefulsets -A -o json", "Workload"),
    STATEFUL_SET("kubectl get daemonsets,deployments,statefulsets -A -o json", "Workload"),
    /** Jobs and CronJobs: in manifests their pod templates are all there is to judge. */
    JOB("kubectl get jobs,cronjobs -A -o json", "Workload"),
    CRON_JOB("kubectl get jobs,cronjobs -A -o json", "Workload"),
    // A ConfigMap list says nothing of kube-proxy's unless it is kube-system's: KubeProxyConfig is provided by the
    // live collection, which asks for it by name.
    CONFIG_MAP("kubectl get configmaps -n illumio-system -o json", "IllumioConfig"),
    FELIX_CONFIGURATION("kubectl get felixconfigurations.crd.projectcalico.org -o yaml, or calicoctl get"
            + " felixconfiguration -o yaml (etcd datastore)", "FelixConfiguration"),
    LABEL_MAP("kubectl get labelmaps.ic4k.illumio.com -o yaml", "LabelMapping"),
    // The Cluster fact is always built; it counts as provided when its platform and network are known.
    NETWORK_CONFIG("oc get network.config/cluster network.operator/cluster -o yaml, or a must-gather"),
    NETWORK_OPERATOR("oc get network.config/cluster network.operator/cluster -o yaml, or a must-gather"),
    PCE_LABEL("PCE GET /orgs/{org}/labels", "Label"),
    PCE_LABEL_GROUP("PCE GET /orgs/{org}/sec_policy/active/label_groups", "LabelGroup"),
    PCE_WORKLOAD("PCE GET /orgs/{org}/workloads", "ContainerHost"),
    PCE_CONTAINER_CLUSTER("PCE GET /orgs/{org}/container_clusters", "ContainerCluster"),
    PCE_WORKLOAD_PROFILE("PCE GET {container_cluster}/container_workload_profiles", "ContainerWorkloadProfile"),
    PCE_VIRTUAL_SERVICE("PCE GET /orgs/{org}/sec_policy/active/virtual_services", "VirtualService",
            "VirtualServicePort"),
    PCE_SERVICE_BACKEND("PCE GET {container_cluster}/service_backends", "ServiceBackend"),
    PCE_RULE_SET("PCE GET /orgs/{org}/sec_policy/active/rule_sets", "SecurityRule", "RuleActor", "RuleSetScope"),
    PCE_RULE("PCE GET /orgs/{org}/sec_policy/active/rule_sets", "SecurityRule", "RuleActor", "RuleSetScope"),
    PCE_PAIRING_PROFILE("PCE GET /orgs/{org}/pairing_profiles", "PairingProfile"),
    PCE_IP_LIST("PCE GET /orgs/{org}/sec_policy/active/ip_lists", "IpList"),
    /** The manifest caveat snapshot writes beside the data: when, from where, what could not be read. */
    MANIFEST(null),
    /** A recognisable object no rule needs (Secret, Event, ReplicaSet, PCE service...). */
    OTHER(null);

    /** Kinds the loader derives from several shapes, with where a person gets their data. */
    private static final Map<String, String> DERIVED = Map.of(
            "Cluster", "oc get network.config/cluster network.operator/cluster -o yaml, or a must-gather;"
                    + " for plain Kubernetes, nodes or namespaces",
            "KubeProxyConfig", "kubectl get configmap -n kube-system kube-proxy -o yaml (EKS: kube-proxy-config)",
            "VenWorkload", "PCE GET /orgs/{org}/workloads, all of them (not only the container cluster's)",
            "RuleReach", "PCE GET /orgs/{org}/sec_policy/active/rule_sets",
            "ServiceReach", "PCE GET /orgs/{org}/sec_policy/active/rule_sets",
            "PossibleServiceReach", "PCE GET /orgs/{org}/sec_policy/active/rule_sets",
            "ServiceLabelMatch", "PCE GET /orgs/{org}/sec_policy/active/rule_sets");

    /** How a person exports objects of this shape, for "not evaluated" reasons; null when nothing to export. */
    private final String hint;
    /** The fact kinds objects of this shape provide, for rules' requires. */
    private final List<String> provides;

    Shape(String hint, String... provides) {
        this.hint = hint;
        this.provides = List.of(provides);
    }

    List<String> provides() {
        return provides;
    }

    /** Where a person gets the data of a fact kind: the export of the shape providing it. */
    static String hint(String kind) {
        for (Shape shape : values()) {
            if (shape.provides.contains(kind)) {
                return shape.hint;
            }
        }
        return DERIVED.getOrDefault(kind, "its source");
    }

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
            case "Job" -> JOB;
            case "CronJob" -> CRON_JOB;
            case "ConfigMap" -> CONFIG_MAP;
            case "Network" -> network(apiVersion);
            case "FelixConfiguration" -> felix(apiVersion);
            case "LabelMap" -> apiVersion == null || apiVersion.startsWith("ic4k.illumio.com/") ? LABEL_MAP : OTHER;
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
            if (href.contains("/ip_lists/")) {
                return PCE_IP_LIST;
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
