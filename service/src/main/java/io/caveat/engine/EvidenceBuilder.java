package io.caveat.engine;

import io.caveat.model.Evidence;
import io.caveat.model.Fact;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the facts of a match into evidence: each fact's kind, key and field values, for the facts caveat loads and
 * for those the vocabulary derives (types declared in DRL). One builder per evaluation: a fact in the evidence of
 * many findings (a container host behind 700 NodePort Services) is read once.
 */
final class EvidenceBuilder {
    /** Beyond this many facts of one kind (a DaemonSet's pods on 5,000 nodes) the rest is counted, not listed. */
    static final int PER_KIND = 25;

    private final Map<Object, Evidence> read = new java.util.IdentityHashMap<>();

    List<Evidence> of(List<Object> matched) {
        Set<Object> facts = new LinkedHashSet<>();
        for (Object object : matched) {
            collect(object, facts);
        }
        List<Evidence> out = new ArrayList<>();
        Map<String, Integer> perKind = new LinkedHashMap<>();
        for (Object fact : facts) {
            // The fact type, not the subject kind: evidence says which facts matched (PodOwner, Workload...).
            String type = fact.getClass().getSimpleName();
            int n = perKind.merge(type, 1, Integer::sum);
            if (n <= PER_KIND) {
                out.add(read.computeIfAbsent(fact, f -> f instanceof Fact loaded
                        ? new Evidence(type, loaded.key(), fields(loaded)) : DerivedFacts.evidence(f)));
            }
        }
        perKind.forEach((kind, n) -> {
            if (n > PER_KIND) {
                out.add(new Evidence(kind, "(more)", Map.of("omitted", n - PER_KIND)));
            }
        });
        return out;
    }

    private static void collect(Object object, Set<Object> into) {
        if (object instanceof Fact || DerivedFacts.isDerived(object)) {
            into.add(object);
        } else if (object instanceof Collection<?> collection) {
            collection.forEach(o -> collect(o, into));
        }
    }

    /** The record's components, without nulls and empty collections. */
    private static Map<String, Object> fields(Fact fact) {
        Map<String, Object> fields = new LinkedHashMap<>();
        RecordComponent[] components = fact.getClass().getRecordComponents();
        if (components == null) {
            return fields;
        }
        for (RecordComponent c : components) {
            try {
                Object value = c.getAccessor().invoke(fact);
                if (value == null || value.equals(fact.key()) || value instanceof Collection<?> col && col.isEmpty()
                        || value instanceof Map<?, ?> map && map.isEmpty()) {
                    continue;
                }
                fields.put(c.getName(), value);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return fields;
    }
}
