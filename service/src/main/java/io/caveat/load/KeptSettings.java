package io.caveat.load;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The settings caveat keeps, by name; every other env value or ConfigMap key is dropped when read, so that
 * credentials (the pairing key ILO_CODE, tokens, proxy URLs with passwords) never reach facts, evidence or
 * reports. A rule that needs another setting adds its name here.
 * Illumio's names from the Illumio Helm chart 5.9.0 templates (docs/policy-semantics.md sources); Calico's from
 * its Felix configuration reference.
 */
public final class KeptSettings {
    /** Env of the C-VEN DaemonSet and the Kubelink Deployment, kept on Illumio's components only. */
    private static final Set<String> ENV = Set.of("ILO_CLAS_MODE", "CLUSTER_MODE", "ILO_NODEPORT_DISABLE", "NETWORK_TYPE",
            "ILO_FW_BACKEND", "CONTAINER_MANAGER", "ILO_CONTAINER_RUNTIME");

    /** Calico's chain insert mode, kept on any workload; Felix reads its env names whatever their case. */
    static final String FELIX_CHAIN_INSERT_MODE = "FELIX_CHAININSERTMODE";

    /** Keys of the illumio-config ConfigMap. */
    public static final Set<String> CONFIG = Set.of("networkType", "clusterMode", "degradedModeEnabled",
            "waitForPolicyEnabled", "reportHostNetworkKubernetesWorkloads", "policyLabelSetEnable");

    /** The kind a kube-proxy ConfigMap's document names; such a document holds file paths and CIDRs, no secret. */
    static final String KUBE_PROXY_CONFIGURATION = "KubeProxyConfiguration";
    private static final List<String> KUBE_PROXY_CONFIG_MAPS = List.of("kube-proxy", "kube-proxy-config");

    private KeptSettings() {
    }

    /** Every env name a rule can find with setting("..."), whatever the workload. */
    public static Set<String> envNames() {
        Set<String> names = new java.util.TreeSet<>(ENV);
        names.add(FELIX_CHAIN_INSERT_MODE);
        return names;
    }

    /** The chart's names and the images of Illumio's components, as the vocabulary's IllumioComponent knows them. */
    private static final List<String> ILLUMIO_NAMES = List.of("illumio-ven", "illumio-kubelink", "illumio-storage");
    private static final List<String> ILLUMIO_IMAGES = List.of("illumio/cven", "illumio/ven", "illumio/kubelink",
            "illumio/storage");

    /**
     * Whether a workload may be one of Illumio's, whose settings are kept: the data-handling side of the vocabulary's
     * IllumioComponent (rules/vocabulary/illumio.drl), which decides what each one is. It must stay as narrow as
     * that: another app's CLUSTER_MODE may be a URL with a password, and its values are never kept.
     */
    public static boolean mayBeIllumios(String name, List<String> images) {
        return ILLUMIO_NAMES.contains(name)
                || images.stream().anyMatch(i -> ILLUMIO_IMAGES.stream().anyMatch(i::contains));
    }

    /**
     * The name an env entry is kept under, or null when its value is dropped: Illumio's settings on what may be
     * Illumio's workloads only ({@link #mayBeIllumios}), Calico's on any workload.
     */
    public static String envName(String name, boolean mayBeIllumios) {
        if (name == null) {
            return null;
        }
        if (mayBeIllumios && ENV.contains(name)) {
            return name;
        }
        return name.toUpperCase(Locale.ROOT).equals(FELIX_CHAIN_INSERT_MODE) ? FELIX_CHAIN_INSERT_MODE : null;
    }

    /** Whether a ConfigMap's key is kept: one of Illumio's settings, or kube-proxy's configuration. */
    public static boolean keeps(String namespace, String configMap, String key, String value) {
        return CONFIG.contains(key) || isKubeProxy(namespace, configMap) && value != null
                && value.contains(KUBE_PROXY_CONFIGURATION);
    }

    /** kube-proxy's own ConfigMaps in kube-system: kube-proxy (kubeadm), kube-proxy-config (EKS). */
    public static boolean isKubeProxy(String namespace, String configMap) {
        return "kube-system".equals(namespace) && KUBE_PROXY_CONFIG_MAPS.contains(configMap);
    }

    /** Those names, for the live collection, which asks for them one by one. */
    public static List<String> kubeProxyConfigMaps() {
        return KUBE_PROXY_CONFIG_MAPS;
    }
}
