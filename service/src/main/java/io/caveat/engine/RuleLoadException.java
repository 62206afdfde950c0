package io.caveat.engine;

import java.util.List;

/** The rules could not be loaded; each diagnostic reads "file:line:column: message". */
public class RuleLoadException extends RuntimeException {
    private final List<String> diagnostics;

    public RuleLoadException(List<String> diagnostics) {
        super(String.join("\n", diagnostics));
        this.diagnostics = List.copyOf(diagnostics);
    }

    public List<String> diagnostics() {
        return diagnostics;
    }
}
