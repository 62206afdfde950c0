package io.caveat.model;

import java.util.Map;

/** A Kubernetes namespace with its labels and com.illumio.* annotations (prefix stripped). */
public record Namespace(String name, Map<String, String> labels, Map<String, String> illumioAnnotations)
        implements Fact {
    public Namespace {
        labels = Immutable.map(labels);
        illumioAnnotations = Immutable.map(illumioAnnotations);
    }

    @Override
    public String key() {
        return name;
    }
}
