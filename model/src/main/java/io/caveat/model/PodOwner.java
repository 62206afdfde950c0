package io.caveat.model;

/** One controller (or static pod, or bare pod) that owns at least one pod of the snapshot. */
public record PodOwner(String namespace, String ownerKind, String name) implements Fact {
    @Override
    public String key() {
        return key(namespace, ownerKind, name);
    }

    static String key(String namespace, String kind, String name) {
        return namespace + "/" + kind + "/" + name;
    }

    @Override
    public String kind() {
        return ownerKind;
    }
}
