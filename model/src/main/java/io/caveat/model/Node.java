package io.caveat.model;

import java.util.Map;

/**
 * A Kubernetes node. Its name is the hostname of its container-host workload in the PCE.
 *
 * @param ovnGatewayRouterIp from annotation k8s.ovn.org/node-gateway-router-lrp-ifaddr, without prefix length
 */
public record Node(String name, boolean controlPlane, String internalIp, String machineId,
                   String ovnGatewayRouterIp, Map<String, String> labels) implements Fact {
    public Node {
        labels = Immutable.map(labels);
    }

    @Override
    public String key() {
        return name;
    }
}
