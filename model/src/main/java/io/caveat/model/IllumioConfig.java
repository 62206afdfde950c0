package io.caveat.model;

import java.util.Map;

/** A ConfigMap of Illumio's (illumio-config...) with its data keys; Secrets are never read. */
public record IllumioConfig(String namespace, String name, Map<String, String> data) implements Fact {
    public IllumioConfig {
        data = Immutable.map(data);
    }

    @Override
    public String key() {
        return Fact.key(namespace, name);
    }
}
