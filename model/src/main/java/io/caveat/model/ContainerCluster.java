package io.caveat.model;

/**
 * A PCE container cluster (one Kubelink).
 *
 * @param clusterMode           legacy or clas (PCE 23.5.10+ reports cluster_mode; older PCEs know only legacy)
 * @param kubelinkVersion       as the PCE reports it (kubelink_version), else the tag of the Kubelink image running
 *                              in this snapshot's cluster; null when neither tells
 * @param kubelinkVersionSource where kubelinkVersion came from: "the PCE", or "image quay.io/illumio/kubelink:5.1.2"
 */
public record ContainerCluster(String href, String name, String clusterMode, String kubelinkVersion, boolean online,
                               String managerType, String networkType, String kubelinkVersionSource) implements Fact {
    @Override
    public String key() {
        return href;
    }

    /** The Kubelink version is reported and reads as numbers ("5.3.1-2", "2.0.2.d53d7f"). */
    public boolean kubelinkVersionKnown() {
        return !Versions.numbers(kubelinkVersion).isEmpty();
    }

    /** The same cluster with a Kubelink version the PCE did not report, read from elsewhere. */
    public ContainerCluster withKubelinkVersion(String version, String source) {
        return new ContainerCluster(href, name, clusterMode, version, online, managerType, networkType, source);
    }

    /** The reported Kubelink version is older than {@code version} ("5.2.0"); false when it is not known. */
    public boolean kubelinkBefore(String version) {
        return kubelinkVersionKnown() && Versions.compare(kubelinkVersion, version) < 0;
    }
}
