package io.caveat.model;

import java.util.Map;

/**
 * A Kubernetes Service.
 *
 * @param type              ClusterIP, NodePort, LoadBalancer or ExternalName
 * @param allocatesNodePorts true for NodePort, and for LoadBalancer unless allocateLoadBalancerNodePorts is false
 */
public record Service(String namespace, String name, String type, String clusterIp, String externalTrafficPolicy,
                      boolean allocatesNodePorts, Map<String, String> selector, Map<String, String> labels,
                      Map<String, String> illumioAnnotations) implements Fact {
    public Service {
        selector = Immutable.map(selector);
        labels = Immutable.map(labels);
        illumioAnnotations = Immutable.map(illumioAnnotations);
    }

    @Override
    public String key() {
        return Fact.key(namespace, name);
    }
}
