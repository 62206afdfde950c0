package io.caveat.model;

import java.util.List;

/** One scope of a rule set: labels and label groups that must all hold. An empty list means "all". */
public record RuleSetScope(String ruleSet, int index, List<String> refs, String display) implements Fact {
    public RuleSetScope {
        refs = List.copyOf(refs);
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
