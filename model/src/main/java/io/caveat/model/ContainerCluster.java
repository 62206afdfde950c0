package io.caveat.model;

/**
 * A PCE container cluster (one Kubelink).
 *
 * @param clusterMode legacy or clas (PCE 23.5.10+ reports cluster_mode; older PCEs know only legacy)
 */
public record ContainerCluster(String href, String name, String clusterMode, String kubelinkVersion, boolean online,
                               String managerType, String networkType) implements Fact {
    @Override
    public String key() {
        return href;
    }
}
