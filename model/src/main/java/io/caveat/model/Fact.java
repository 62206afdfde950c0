package io.caveat.model;

/**
 * A flat, immutable thing a rule reasons about. Rules join facts on their stable keys
 * (namespace/name, PCE href, node name), never on Java references.
 */
public interface Fact {

    /** The stable key other facts refer to: "namespace/name", an href, or a node name. */
    String key();

    /** The namespace of a namespaced Kubernetes object, else null. */
    default String namespace() {
        return null;
    }

    /** The name a person recognises the subject by. */
    String name();

    /** The fact type as rules and findings name it. */
    default String kind() {
        return getClass().getSimpleName();
    }

    static String key(String namespace, String name) {
        return namespace == null ? name : namespace + "/" + name;
    }
}
