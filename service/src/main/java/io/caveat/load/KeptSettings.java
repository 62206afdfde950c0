package io.caveat.load;

import java.util.Set;

/**
 * The settings caveat keeps, by name; every other env value or ConfigMap key is dropped when read, so that
 * credentials (the pairing key ILO_CODE, tokens, proxy URLs with passwords) never reach facts, evidence or
 * reports. A rule that needs another setting adds its name here.
 * Illumio's names from the Illumio Helm chart 5.9.0 templates (docs/policy-semantics.md sources); Calico's from
 * its Felix configuration reference.
 */
public final class KeptSettings {
    /** Env of the C-VEN DaemonSet and the Kubelink Deployment, and Calico's chain insert mode on calico-node. */
    public static final Set<String> ENV = Set.of("ILO_CLAS_MODE", "CLUSTER_MODE", "ILO_NODEPORT_DISABLE", "NETWORK_TYPE",
            "ILO_FW_BACKEND", "CONTAINER_MANAGER", "ILO_CONTAINER_RUNTIME", "FELIX_CHAININSERTMODE");

    /** Keys of the illumio-config ConfigMap. */
    public static final Set<String> CONFIG = Set.of("networkType", "clusterMode", "degradedModeEnabled",
            "waitForPolicyEnabled", "reportHostNetworkKubernetesWorkloads", "policyLabelSetEnable");

    /** The kind a kube-proxy ConfigMap's document names; such a document holds file paths and CIDRs, no secret. */
    static final String KUBE_PROXY_CONFIGURATION = "KubeProxyConfiguration";

    private KeptSettings() {
    }

    /** Whether a ConfigMap's key is kept: one of Illumio's settings, or a kube-proxy ConfigMap's configuration. */
    public static boolean keeps(String configMap, String key, String value) {
        return CONFIG.contains(key) || isKubeProxy(configMap) && value != null
                && value.contains(KUBE_PROXY_CONFIGURATION);
    }

    /** kube-proxy's own ConfigMaps: kube-proxy (kubeadm), kube-proxy-config (EKS). */
    static boolean isKubeProxy(String configMap) {
        return configMap != null && configMap.startsWith("kube-proxy");
    }
}
