package io.caveat.model;

import java.util.Map;
import java.util.Set;

/**
 * A PCE workload with container_cluster set: a node running the C-VEN.
 *
 * @param node            the Kubernetes node it is: the node named like its hostname, or whose short name (up to
 *                        the first dot) is the hostname's; the hostname itself when no node matches
 * @param enforcementMode idle, visibility_only, selective or full
 * @param policySyncState agent.status.security_policy_sync_state: syncing, staged, active... (null if not reported)
 * @param managedSince    when its VEN was paired: agent.status.managed_since, else created_at (null if neither)
 * @param lastHeartbeat   agent.status.last_heartbeat_on: the PCE's latest word from it (null if not reported)
 * @param labels          key -> value, for reading
 * @param labelHrefs      the label hrefs, for matching
 */
public record ContainerHost(String href, String hostname, String node, String clusterHref, String enforcementMode,
                            String policySyncState, String managedSince, String lastHeartbeat, boolean online,
                            Map<String, String> labels, Set<String> labelHrefs) implements Fact {
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

    /** "worker-2 (visibility_only)": the Kubernetes node with its mode, for messages about pods on nodes. */
    public String nodeAndMode() {
        return node + " (" + (enforcementMode == null ? "none" : enforcementMode) + ")";
    }

    /**
     * Whole hours from its pairing to its last heartbeat: how long it had been managed when the PCE last heard
     * from it, which is the snapshot's time as the PCE saw it; -1 when either time is missing or unreadable.
     */
    public long hoursManaged() {
        try {
            return managedSince == null || lastHeartbeat == null ? -1 : java.time.Duration.between(
                    java.time.Instant.parse(managedSince), java.time.Instant.parse(lastHeartbeat)).toHours();
        } catch (java.time.format.DateTimeParseException e) {
            return -1;
        }
    }

    /** "worker-2: visibility_only", for messages listing hosts with their mode ("none" when not reported). */
    public String hostnameAndMode() {
        return hostname + ": " + (enforcementMode == null ? "none" : enforcementMode);
    }
}
