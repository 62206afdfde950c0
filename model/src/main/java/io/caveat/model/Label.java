package io.caveat.model;

/** A PCE label: key (role, app, env, loc or custom) and value. */
public record Label(String href, String labelKey, String value) implements Fact {
    @Override
    public String key() {
        return href;
    }

    @Override
    public String name() {
        return labelKey + "=" + value;
    }
}
