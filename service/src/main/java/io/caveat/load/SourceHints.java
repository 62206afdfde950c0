package io.caveat.load;

/** Where a person gets the data of a fact kind, for "not evaluated" reasons (each shape says it: {@link Shape}). */
public final class SourceHints {
    private SourceHints() {
    }

    public static String of(String kind) {
        return Shape.hint(kind);
    }
}
