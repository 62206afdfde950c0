package io.caveat.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.caveat.model.Cluster;
import io.caveat.model.ContainerCluster;
import io.caveat.model.Namespace;
import io.caveat.model.Node;
import io.caveat.model.Pod;
import java.nio.file.Path;
import java.util.List;

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

    static Result build(List<Object> facts, List<JsonNode> networks, Path source, List<String> notes) {
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
        boolean openshiftNamespaces = facts.stream().anyMatch(f -> f instanceof Namespace n
                && n.name().startsWith("openshift-") || f instanceof Pod p && p.namespace().startsWith("openshift-"));
        boolean sawNamespaces = facts.stream().anyMatch(f -> f instanceof Namespace || f instanceof Pod);
        String platform = !networks.isEmpty() || openshiftNamespaces ? "openshift" : "kubernetes";
        boolean known = networkType != null || sawNamespaces && "kubernetes".equals(platform);

        List<ContainerCluster> clusters = facts.stream().filter(ContainerCluster.class::isInstance)
                .map(ContainerCluster.class::cast).toList();
        if (clusters.size() > 1) {
            notes.add(clusters.size() + " PCE container clusters in the snapshot "
                    + clusters.stream().map(ContainerCluster::name).toList()
                    + ": caveat reads a snapshot as one cluster; export one container cluster per snapshot");
        }
        String name = clusters.size() == 1 ? clusters.get(0).name() : source.toAbsolutePath().normalize()
                .getFileName().toString();
        return new Result(new Cluster(name, platform, networkType == null ? "unknown" : networkType,
                networkTypeSource, joinSubnet == null ? DEFAULT_JOIN_SUBNET : joinSubnet,
                joinSubnetSource == null ? "default" : joinSubnetSource), known);
    }
}
