package io.caveat.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.caveat.model.Cluster;
import io.caveat.model.ContainerCluster;
import io.caveat.model.Namespace;
import io.caveat.model.Node;
import io.caveat.model.Pod;
import io.caveat.model.Workload;
import java.util.List;
import java.util.Locale;

/**
 * Builds the one {@link Cluster} fact from the OpenShift network objects (config.openshift.io and
 * operator.openshift.io Network "cluster"), OVN node annotations and the namespaces seen.
 */
final class ClusterFacts {
    static final String DEFAULT_JOIN_SUBNET = "100.64.0.0/16";

    /** @param networkKnown whether rules can tell the platform and network type apart */
    record Result(Cluster cluster, boolean networkKnown) {
    }

    private ClusterFacts() {
    }

    static Result build(List<Object> facts, List<JsonNode> networks, String name, List<String> notes) {
        String networkType = null;
        String networkTypeSource = null;
        String joinSubnet = null;
        String joinSubnetSource = null;
        for (JsonNode network : networks) {
            if (Json.at(network, "spec", "defaultNetwork") != null) {
                JsonNode ovn = Json.at(network, "spec", "defaultNetwork", "ovnKubernetesConfig");
                String join = Json.text(ovn, "ipv4", "internalJoinSubnet");
                String legacy = Json.text(ovn, "v4InternalSubnet");
                if (join != null) {
                    joinSubnet = join;
                    joinSubnetSource = "networks.operator.openshift.io ipv4.internalJoinSubnet";
                } else if (legacy != null && joinSubnet == null) {
                    joinSubnet = legacy;
                    joinSubnetSource = "networks.operator.openshift.io v4InternalSubnet";
                }
                if (networkType == null) {
                    networkType = Json.text(network, "spec", "defaultNetwork", "type");
                    networkTypeSource = "networks.operator.openshift.io spec.defaultNetwork.type";
                }
            } else {
                // status says what is deployed; spec what was asked for.
                String status = Json.text(network, "status", "networkType");
                String spec = Json.text(network, "spec", "networkType");
                if (status != null || spec != null) {
                    networkType = status != null ? status : spec;
                    networkTypeSource = "networks.config.openshift.io " + (status != null ? "status" : "spec")
                            + ".networkType";
                }
            }
        }
        boolean ovnNodes = facts.stream().anyMatch(f -> f instanceof Node n && n.ovnGatewayRouterIp() != null);
        if (networkType == null && ovnNodes) {
            networkType = "OVNKubernetes";
            networkTypeSource = "node annotation k8s.ovn.org/node-gateway-router-lrp-ifaddr";
        }
        String[] platform = platform(facts, networks);
        boolean known = networkType != null || "kubernetes".equals(platform[0]);
        List<ContainerCluster> clusters = facts.stream().filter(ContainerCluster.class::isInstance)
                .map(ContainerCluster.class::cast).toList();
        if (clusters.size() > 1) {
            notes.add(clusters.size() + " PCE container clusters in the snapshot "
                    + clusters.stream().map(ContainerCluster::name).toList()
                    + ": caveat reads a snapshot as one cluster; export one container cluster per snapshot");
        }
        return new Result(new Cluster(clusters.size() == 1 ? clusters.get(0).name() : name, platform[0], platform[1], networkType == null ? "unknown" : networkType,
                networkTypeSource, joinSubnet == null ? DEFAULT_JOIN_SUBNET : joinSubnet,
                joinSubnetSource == null ? "default" : joinSubnetSource), known);
    }

    /**
     * openshift or kubernetes, and what says so. OpenShift shows in its network objects, its nodes' labels,
     * the PCE's manager_type, Kubelink's CONTAINER_MANAGER and its openshift-* namespaces; plain Kubernetes is
     * only concluded from nodes without OpenShift labels or from Illumio's own word. Otherwise: unknown.
     */
    private static String[] platform(List<Object> facts, List<JsonNode> networks) {
        if (!networks.isEmpty()) {
            return new String[]{"openshift", "OpenShift network objects"};
        }
        String manager = null;
        for (Object f : facts) {
            if (f instanceof ContainerCluster c && c.managerType() != null) {
                manager = c.managerType().toLowerCase(Locale.ROOT).startsWith("openshift") ? "openshift"
                        : "kubernetes";
            } else if (f instanceof Workload w && w.setting("CONTAINER_MANAGER") != null && manager == null) {
                manager = w.setting("CONTAINER_MANAGER").toLowerCase(Locale.ROOT);
            }
        }
        List<Node> nodes = facts.stream().filter(Node.class::isInstance).map(Node.class::cast).toList();
        if (nodes.stream().anyMatch(n -> n.labels().keySet().stream().anyMatch(k -> k.startsWith("node.openshift.io/")))
                || facts.stream().anyMatch(f -> f instanceof Namespace n && n.name().startsWith("openshift-")
                || f instanceof Pod p && p.namespace().startsWith("openshift-"))) {
            return new String[]{"openshift", "OpenShift node labels or namespaces"};
        }
        if (manager != null) {
            return new String[]{manager, "Illumio container manager (PCE manager_type or Kubelink CONTAINER_MANAGER)"};
        }
        if (!nodes.isEmpty()) {
            return new String[]{"kubernetes", "nodes without OpenShift labels"};
        }
        return new String[]{"unknown", null};
    }
}
