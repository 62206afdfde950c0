package io.caveat.model;

/**
 * One consumer or provider of a security rule.
 *
 * @param side    consumers or providers
 * @param type    ams, container_host, label, label_group, workload, virtual_service, ip_list...
 * @param ref     href of the label, group, workload... (null for ams and container_host)
 * @param labelKey the label key of a label or label group actor (role, app, env, loc...), else null
 * @param display what a person reads: "All Workloads", "role=R-WEB", a name
 */
public record RuleActor(String rule, String side, String type, String ref, String labelKey, boolean exclusion, String display)
        implements Fact {
    @Override
    public String key() {
        return rule + "#" + side + "#" + type + (ref == null ? "" : "#" + ref);
    }

    @Override
    public String name() {
        return display;
    }

    /** "consumers: All Workloads": the actor with its side, as a rule's summary shows it. */
    public String sideAndDisplay() {
        return side + ": " + display;
    }
}
