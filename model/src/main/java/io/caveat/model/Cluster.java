package io.caveat.model;

/**
 * The Kubernetes cluster as a whole.
 *
 * @param platform          openshift, kubernetes, or unknown
 * @param platformSource    what told the platform
 * @param networkType       e.g. OVNKubernetes, OpenShiftSDN; "unknown" when no network config was given
 * @param joinSubnet        the OVN join subnet that gateway-router IPs come from (default 100.64.0.0/16)
 * @param joinSubnetSource  where joinSubnet came from: the operator field that set it, or "default"
 */
public record Cluster(String name, String platform, String platformSource, String networkType, String networkTypeSource,
                      String joinSubnet, String joinSubnetSource) implements Fact {
    @Override
    public String key() {
        return name;
    }
}
