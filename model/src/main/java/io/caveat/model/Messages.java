package io.caveat.model;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** Small wording helpers rules use to write findings' messages. */
public final class Messages {
    /** A list longer than this is cut, with the rest counted. */
    static final int SHOWN = 10;

    private Messages() {
    }

    /** "a, b, c" sorted; "a, b, ... and 12 more" when long; "none" when empty. */
    public static String list(Collection<?> items) {
        List<String> sorted = items.stream().filter(Objects::nonNull).map(Object::toString).distinct().sorted()
                .toList();
        if (sorted.isEmpty()) {
            return "none";
        }
        String shown = sorted.stream().limit(SHOWN).collect(Collectors.joining(", "));
        return sorted.size() > SHOWN ? shown + " and " + (sorted.size() - SHOWN) + " more" : shown;
    }

    /** "1 pod", "3 pods". */
    public static String count(int n, String noun) {
        return n + " " + (n == 1 ? noun : noun + "s");
    }
}
