package io.caveat.model;

/**
 * A virtual service of the cluster that one side of a rule names explicitly while its rule set's scope leaves it
 * out ({@link RuleReach#servicesNamedOutsideScope()} flattened): the rule reaches it only if a scope does not
 * filter named actors, which Illumio does not document (docs/policy-semantics.md, section 5). Rules report what
 * turns on it as possible.
 */
public record PossibleServiceReach(String rule, String side, boolean ruleEnabled, String virtualService)
        implements Fact {
    @Override
    public String key() {
        return rule + "#" + side + "#" + virtualService;
    }

    @Override
    public String name() {
        return key();
    }
}
