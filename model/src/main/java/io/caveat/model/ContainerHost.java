package io.caveat.model;

import java.util.Map;
import java.util.Set;

/**
 * A PCE workload with container_cluster set: a node running the C-VEN. Its hostname is the node's name.
 *
 * @param enforcementMode idle, visibility_only, selective or full
 * @param policySyncState agent.status.security_policy_sync_state: syncing, staged, active... (null if not reported)
 * @param labels          key -> value, for reading
 * @param labelHrefs      the label hrefs, for matching
 */
public record ContainerHost(String href, String hostname, String clusterHref, String enforcementMode,
                            String policySyncState, boolean online, Map<String, String> labels,
                            Set<String> labelHrefs) implements Fact {
    public ContainerHost {
        labels = Immutable.map(labels);
        labelHrefs = Immutable.set(labelHrefs);
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
