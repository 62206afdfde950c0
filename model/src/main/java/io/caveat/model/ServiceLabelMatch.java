package io.caveat.model;

/**
 * A Kubernetes Service whose Kubernetes Workload in CLAS carries the labels one side of a rule names, within the
 * rule set's scope, whatever the side resolves labels as ({@link RuleReach#kubernetesServices()} flattened). Its
 * labels are the ones Kubelink gives it: the namespace's container workload profile, then the Service's
 * com.illumio.&lt;key&gt; annotations where the profile allows them.
 *
 * @param service the Service's namespace/name
 */
public record ServiceLabelMatch(String rule, String side, boolean ruleEnabled, String service) implements Fact {
    @Override
    public String key() {
        return rule + "#" + side + "#" + service;
    }

    @Override
    public String name() {
        return key();
    }
}
