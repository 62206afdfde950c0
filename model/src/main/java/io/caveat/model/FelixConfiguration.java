package io.caveat.model;

/**
 * A Calico FelixConfiguration (crd.projectcalico.org/v1 or projectcalico.org/v3): "default" holds the cluster's
 * settings, "node.&lt;node name&gt;" one node's overrides.
 *
 * @param node            the node a "node.&lt;name&gt;" configuration overrides; null for "default" and others
 * @param chainInsertMode spec.chainInsertMode as written (Insert, Append), null when not set
 */
public record FelixConfiguration(String name, String node, String chainInsertMode) implements Fact {
    @Override
    public String key() {
        return name;
    }
}
