package io.caveat.load;

/** Where a person gets the data of a fact kind, for "not evaluated" reasons. */
public final class SourceHints {
    private SourceHints() {
    }

    public static String of(String kind) {
        return switch (kind) {
            case "Pod", "PodOwner" -> "kubectl get pods -A -o json";
            case "Service", "ServicePort" -> "kubectl get services -A -o json";
            case "Node" -> "kubectl get nodes -o json";
            case "Namespace" -> "kubectl get namespaces -o json";
            case "Workload" -> "kubectl get daemonsets,deployments,statefulsets -A -o json";
            case "IllumioConfig" -> "kubectl get configmaps -n illumio-system -o json";
            case "KubeProxyConfig" -> "kubectl get configmap -n kube-system kube-proxy -o yaml (EKS: kube-proxy-config)";
            case "FelixConfiguration" -> "kubectl get felixconfigurations.crd.projectcalico.org -o yaml, or calicoctl get"
                    + " felixconfiguration -o yaml (etcd datastore)";
            case "Cluster" -> "oc get network.config/cluster network.operator/cluster -o yaml, or a must-gather;"
                    + " for plain Kubernetes, nodes or namespaces";
            case "ContainerHost" -> "PCE GET /orgs/{org}/workloads";
            case "VenWorkload" -> "PCE GET /orgs/{org}/workloads, all of them (not only the container cluster's)";
            case "ContainerCluster" -> "PCE GET /orgs/{org}/container_clusters";
            case "ContainerWorkloadProfile" -> "PCE GET {container_cluster}/container_workload_profiles";
            case "VirtualService", "VirtualServicePort" -> "PCE GET /orgs/{org}/sec_policy/active/virtual_services";
            case "ServiceBackend" -> "PCE GET {container_cluster}/service_backends";
            case "SecurityRule", "RuleActor", "RuleSetScope", "RuleReach" ->
                    "PCE GET /orgs/{org}/sec_policy/active/rule_sets";
            case "PairingProfile" -> "PCE GET /orgs/{org}/pairing_profiles";
            case "Label" -> "PCE GET /orgs/{org}/labels";
            case "LabelGroup" -> "PCE GET /orgs/{org}/sec_policy/active/label_groups";
            default -> "its source";
        };
    }
}
