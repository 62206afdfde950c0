package io.caveat.model;

import java.util.List;

/**
 * One scope of a rule set: labels and label groups that must all hold, and excluded ones that must not.
 * A scope without labels means "all".
 */
public record RuleSetScope(String ruleSet, int index, List<String> refs, List<String> exclusions, String display)
        implements Fact {
    public RuleSetScope {
        refs = List.copyOf(refs);
        exclusions = List.copyOf(exclusions);
    }

    @Override
    public String key() {
        return ruleSet + "#scope" + index;
    }

    @Override
    public String name() {
        return display;
    }
}
