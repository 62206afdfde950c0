package io.caveat.model;

import java.util.Map;

/**
 * A PCE workload with a plain VEN (no container cluster) that lets the containers on its host inherit the host's
 * policy (containers_inherit_host_policy). Only such workloads are kept: an organisation's other VMs are not
 * this cluster's business.
 *
 * @param node the Kubernetes node it is (named like its hostname, or by its short name); null when it is none
 */
public record VenWorkload(String href, String hostname, String node, String enforcementMode,
                          boolean containersInheritHostPolicy, Map<String, String> labels) implements Fact {
    public VenWorkload {
        labels = Immutable.map(labels);
    }

    @Override
    public String key() {
        return href;
    }

    @Override
    public String name() {
        return hostname;
    }
}
