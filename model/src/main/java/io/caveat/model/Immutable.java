package io.caveat.model;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Sorted, unmodifiable copies for facts' collections: the same input gives the same order in every run
 * (Map.copyOf and Set.copyOf iterate in an order that changes from one JVM to the next).
 */
final class Immutable {
    private Immutable() {
    }

    static <V> NavigableMap<String, V> map(Map<String, V> map) {
        return Collections.unmodifiableNavigableMap(new TreeMap<>(map));
    }

    static NavigableSet<String> set(Collection<String> set) {
        return Collections.unmodifiableNavigableSet(new TreeSet<>(set));
    }
}
