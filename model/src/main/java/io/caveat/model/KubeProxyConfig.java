package io.caveat.model;

/**
 * kube-proxy's configuration (a KubeProxyConfiguration document) as a ConfigMap of the cluster holds it: kubeadm
 * writes kube-system/kube-proxy (key config.conf), EKS kube-system/kube-proxy-config (key config).
 *
 * @param dataKey the ConfigMap key the document was read from
 * @param mode    the proxy mode as written: iptables, ipvs, nftables; "" when not set (kube-proxy then picks its
 *                default)
 */
public record KubeProxyConfig(String namespace, String name, String dataKey, String mode) implements Fact {
    @Override
    public String key() {
        return Fact.key(namespace, name);
    }
}
