package io.caveat.model;

import java.util.Set;

/** A PCE label group, with its sub-groups already expanded into member label hrefs. */
public record LabelGroup(String href, String name, String labelKey, Set<String> labels) implements Fact {
    public LabelGroup {
        labels = Immutable.set(labels);
    }

    @Override
    public String key() {
        return href;
    }
}
