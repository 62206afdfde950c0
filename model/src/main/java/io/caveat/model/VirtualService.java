package io.caveat.model;

import java.util.Map;
import java.util.Set;

/** A PCE virtual service (Kubelink makes one per Kubernetes Service in legacy mode). */
public record VirtualService(String href, String name, Map<String, String> labels, Set<String> labelHrefs)
        implements Fact {
    public VirtualService {
        labels = Immutable.map(labels);
        labelHrefs = Immutable.set(labelHrefs);
    }

    @Override
    public String key() {
        return href;
    }
}
