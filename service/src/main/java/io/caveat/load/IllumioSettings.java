package io.caveat.load;

import java.util.Set;

/**
 * The settings of Illumio's components that caveat keeps, by name; every other env value or ConfigMap key is
 * dropped when read, so that credentials (the pairing key ILO_CODE, tokens, proxy URLs with passwords) never
 * reach facts, evidence or reports. A rule that needs another setting adds its name here.
 * Names from the Illumio Helm chart 5.9.0 templates (docs/policy-semantics.md sources).
 */
public final class IllumioSettings {
    /** Env of the C-VEN DaemonSet and the Kubelink Deployment. */
    public static final Set<String> ENV = Set.of("ILO_CLAS_MODE", "CLUSTER_MODE", "ILO_NODEPORT_DISABLE", "NETWORK_TYPE",
            "ILO_FW_BACKEND", "CONTAINER_MANAGER", "ILO_CONTAINER_RUNTIME");

    /** Keys of the illumio-config ConfigMap. */
    public static final Set<String> CONFIG = Set.of("networkType", "clusterMode", "degradedModeEnabled",
            "waitForPolicyEnabled", "reportHostNetworkKubernetesWorkloads", "policyLabelSetEnable");

    private IllumioSettings() {
    }
}
