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

    /** The Kubelink version is reported and reads as numbers ("5.3.1-2", "2.0.2.d53d7f"). */
    public boolean kubelinkVersionKnown() {
        return !Versions.numbers(kubelinkVersion).isEmpty();
    }

    /** The reported Kubelink version is older than {@code version} ("5.2.0"); false when it is not known. */
    public boolean kubelinkBefore(String version) {
        return kubelinkVersionKnown() && Versions.compare(kubelinkVersion, version) < 0;
    }
}
