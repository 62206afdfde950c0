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
public final class Immutable {
    private Immutable() {
    }

    private static final Class<?> SORTED_MAP_VIEW = Collections.unmodifiableNavigableMap(new TreeMap<String, String>())
            .getClass();

    /**
     * As {@link #set}: a sorted unmodifiable map is taken as it is, so that the pods of one owner can share their
     * labels (150,000 pods have some 17,000 label sets) instead of each holding a copy.
     */
    @SuppressWarnings("unchecked")
    static <V> NavigableMap<String, V> map(Map<String, V> map) {
        if (map.getClass() == SORTED_MAP_VIEW && ((NavigableMap<String, V>) map).comparator() == null) {
            return (NavigableMap<String, V>) map;
        }
        // Most pods have no Illumio annotation: one shared empty map instead of one each.
        return map.isEmpty() ? Collections.emptyNavigableMap() : Collections.unmodifiableNavigableMap(new TreeMap<>(map));
    }

    /** The form {@link #map} takes as it is: what a loader shares between facts. */
    public static NavigableMap<String, String> sortedView(Map<String, String> map) {
        return map.isEmpty() ? Collections.emptyNavigableMap() : Collections.unmodifiableNavigableMap(new TreeMap<>(map));
    }

    private static final Class<?> SORTED_VIEW = Collections.unmodifiableNavigableSet(new TreeSet<String>()).getClass();

    /**
     * A sorted unmodifiable set is taken as it is: many facts can then share one set (a resolver gives every rule
     * with the same reach the same set) instead of each holding a copy. Callers hand over such sets, never keep
     * the modifiable set behind them.
     */
    @SuppressWarnings("unchecked")
    static NavigableSet<String> set(Collection<String> set) {
        if (set.getClass() == SORTED_VIEW && ((NavigableSet<String>) set).comparator() == null) {
            return (NavigableSet<String>) set;
        }
        return set.isEmpty() ? Collections.emptyNavigableSet() : Collections.unmodifiableNavigableSet(new TreeSet<>(set));
    }
}
