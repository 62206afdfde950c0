package io.caveat.model;

import java.util.List;

/**
 * A waiver written on a Kubernetes object: annotation caveat.io/waive ("KL-002" or "KL-002,KL-005") with the
 * reason in caveat.io/waive-reason. On a pod it waives its owner's findings (pod template annotations); on a
 * namespace, the findings of everything in it.
 *
 * @param kind   the annotated object's kind as findings name it (DaemonSet, Service, Namespace...)
 * @param reason null when caveat.io/waive-reason is missing: such a waiver does not apply, and is reported
 */
public record WaiverAnnotation(String kind, String namespace, String name, List<String> rules, String reason)
        implements Fact {
    public static final String WAIVE = "caveat.io/waive";
    public static final String REASON = "caveat.io/waive-reason";

    public WaiverAnnotation {
        rules = List.copyOf(rules);
    }

    @Override
    public String key() {
        return kind + "/" + Fact.key(namespace, name);
    }
}
