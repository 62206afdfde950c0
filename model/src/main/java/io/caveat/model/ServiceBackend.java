package io.caveat.model;

/** The PCE's link between a Kubernetes Service and the virtual service Kubelink made for it. */
public record ServiceBackend(String namespace, String name, String backendKind, String virtualService,
                             String virtualServiceName) implements Fact {
    @Override
    public String key() {
        return Fact.key(namespace, name);
    }

    /** The Kubernetes Service key (namespace/name) this backend stands for. */
    public String service() {
        return key();
    }
}
