package io.caveat.load;

import java.util.List;

/** Which fact kinds a shape of source object provides, for rules' @requires. */
final class ProvidedKinds {
    private ProvidedKinds() {
    }

    static List<String> of(Shape shape) {
        return switch (shape) {
            case POD -> List.of("Pod", "PodOwner");
            case SERVICE -> List.of("Service", "ServicePort");
            case NODE -> List.of("Node");
            case NAMESPACE -> List.of("Namespace");
            case DAEMON_SET, DEPLOYMENT, STATEFUL_SET -> List.of("Workload");
            // A ConfigMap list says nothing of kube-proxy's unless it is kube-system's: KubeProxyConfig is provided
            // by the live collection, which asks for it by name.
            case CONFIG_MAP -> List.of("IllumioConfig");
            case FELIX_CONFIGURATION -> List.of("FelixConfiguration");
            // The Cluster fact is always built; it counts as provided when its platform and network are known.
            case NETWORK_CONFIG, NETWORK_OPERATOR -> List.of();
            case PCE_LABEL -> List.of("Label");
            case PCE_LABEL_GROUP -> List.of("LabelGroup");
            case PCE_WORKLOAD -> List.of("ContainerHost");
            case PCE_CONTAINER_CLUSTER -> List.of("ContainerCluster");
            case PCE_WORKLOAD_PROFILE -> List.of("ContainerWorkloadProfile");
            case PCE_VIRTUAL_SERVICE -> List.of("VirtualService", "VirtualServicePort");
            case PCE_SERVICE_BACKEND -> List.of("ServiceBackend");
            case PCE_RULE_SET, PCE_RULE -> List.of("SecurityRule", "RuleActor", "RuleSetScope");
            case PCE_PAIRING_PROFILE -> List.of("PairingProfile");
            case MANIFEST, OTHER -> List.of();
        };
    }
}
