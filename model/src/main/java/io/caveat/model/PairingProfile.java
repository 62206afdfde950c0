package io.caveat.model;

import java.util.Map;
import java.util.Set;

/** A PCE pairing profile: the enforcement mode and labels a VEN gets when it pairs with its key. */
public record PairingProfile(String href, String name, boolean enabled, String enforcementMode,
                             Map<String, String> labels, Set<String> labelHrefs) implements Fact {
    public PairingProfile {
        labels = Immutable.map(labels);
        labelHrefs = Immutable.set(labelHrefs);
    }

    @Override
    public String key() {
        return href;
    }
}
