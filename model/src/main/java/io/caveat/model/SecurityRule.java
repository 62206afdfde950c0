package io.caveat.model;

import java.util.Set;

/**
 * A PCE security rule (sec_rule) of the active policy, with its rule set's name and state folded in.
 *
 * @param enabled            the rule and its rule set are both enabled
 * @param providersResolveAs workloads and/or virtual_services
 * @param ingressServices    the services as "8080/TCP", "All Services"..., for reading
 */
public record SecurityRule(String href, String ruleSet, String ruleSetName, boolean enabled, boolean stateless,
                           boolean unscopedConsumers, Set<String> providersResolveAs,
                           Set<String> consumersResolveAs, String ingressServices) implements Fact {
    public SecurityRule {
        providersResolveAs = Immutable.set(providersResolveAs);
        consumersResolveAs = Immutable.set(consumersResolveAs);
    }

    @Override
    public String key() {
        return href;
    }

    @Override
    public String name() {
        return ruleSetName + " rule " + href.substring(href.lastIndexOf('/') + 1);
    }
}
