package io.caveat.model;

/**
 * One virtual service that one side of a security rule reaches: {@link RuleReach#virtualServices()} flattened, so
 * that rules join a rule to a virtual service on keys (virtualService == $vs.href, rule == $r) and the engine
 * indexes the join instead of searching every rule's set.
 *
 * @param rule           the security rule's href
 * @param side           consumers or providers
 * @param ruleEnabled    the rule and its rule set are enabled
 * @param virtualService the virtual service's href
 */
public record ServiceReach(String rule, String side, boolean ruleEnabled, String virtualService) implements Fact {
    @Override
    public String key() {
        return rule + "#" + side + "#" + virtualService;
    }

    @Override
    public String name() {
        return key();
    }
}
