package io.caveat.model;

/**
 * One controller (or static pod, or bare pod) that owns at least one pod of the snapshot.
 *
 * @param hostNetwork at least one of its pods runs on the host network (whatever its phase): lets rules about
 *                    host-network pods start from the few owners that have any
 */
public record PodOwner(String namespace, String ownerKind, String name, boolean hostNetwork) implements Fact {
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
