package io.caveat.model;

import java.util.Map;

/**
 * A Kubernetes pod.
 *
 * @param ownerKind          the controller that owns it: DaemonSet, Deployment (resolved through its ReplicaSet),
 *                           StatefulSet, Job, StaticPod (a mirror pod of the kubelet), or Pod when it has no owner
 * @param illumioAnnotations com.illumio.&lt;key&gt; annotations with the prefix stripped: role, app, env, loc...
 * @param hostPorts          the node ports its containers bind (containers[].ports[].hostPort), as "8080/TCP"
 */
public record Pod(String namespace, String name, String node, boolean hostNetwork, String ownerKind,
                  String ownerName, String phase, Map<String, String> labels,
                  Map<String, String> illumioAnnotations, java.util.Set<String> hostPorts) implements Fact {
    public Pod {
        labels = Immutable.map(labels);
        illumioAnnotations = Immutable.map(illumioAnnotations);
        hostPorts = Immutable.set(hostPorts);
    }

    @Override
    public String key() {
        return Fact.key(namespace, name);
    }

    /** Key of the owner, as {@link PodOwner#key()}. */
    public String ownerKey() {
        return PodOwner.key(namespace, ownerKind, ownerName);
    }
}
