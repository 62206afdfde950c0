package io.caveat.model;

/**
 * A Kubernetes node. Its name is the hostname of its container-host workload in the PCE.
 *
 * @param ovnGatewayRouterIp from annotation k8s.ovn.org/node-gateway-router-lrp-ifaddr, without prefix length
 */
public record Node(String name, boolean controlPlane, String internalIp, String machineId,
                   String ovnGatewayRouterIp) implements Fact {
    @Override
    public String key() {
        return name;
    }
}
