package io.caveat.engine;

import io.caveat.model.Evidence;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kie.api.definition.type.Key;

/**
 * Facts the vocabulary derives: types declared in DRL (declare JudgedCluster ... end), which Drools generates as
 * plain beans. Read here by their fields, so that evidence, scenarios and messages show them like loaded facts; their
 * key is the value of their @key fields.
 */
final class DerivedFacts {
    private DerivedFacts() {
    }

    /** Whether a class is a declared type, asked once per class: evidence asks it of every matched object. */
    private static final ClassValue<Boolean> DECLARED = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            for (Class<?> marker : type.getInterfaces()) {
                if (marker.getSimpleName().equals("GeneratedFact")) {
                    return true;
                }
            }
            return false;
        }
    };

    /** A type declared in DRL: Drools marks every class it generates for a declaration with GeneratedFact. */
    static boolean isDerived(Object object) {
        return object != null && DECLARED.get(object.getClass());
    }

    /** The declared fields with their values, in declaration order. */
    static Map<String, Object> fields(Object fact) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Field field : declared(fact)) {
            try {
                field.setAccessible(true);
                out.put(field.getName(), field.get(fact));
            } catch (ReflectiveOperationException | RuntimeException e) {
                out.put(field.getName(), "?");
            }
        }
        return out;
    }

    /** The @key fields' values joined by '/', or every field's when none is a key. */
    static String key(Object fact) {
        List<String> keys = new ArrayList<>();
        List<String> all = new ArrayList<>();
        Map<String, Object> values = fields(fact);
        for (Field field : declared(fact)) {
            String value = String.valueOf(values.get(field.getName()));
            all.add(value);
            if (field.isAnnotationPresent(Key.class)) {
                keys.add(value);
            }
        }
        return String.join("/", keys.isEmpty() ? all : keys);
    }

    static Evidence evidence(Object fact) {
        Map<String, Object> shown = new LinkedHashMap<>();
        fields(fact).forEach((name, value) -> {
            if (value != null && !(value instanceof Collection<?> c && c.isEmpty())
                    && !(value instanceof Map<?, ?> m && m.isEmpty())) {
                shown.put(name, value);
            }
        });
        return new Evidence(fact.getClass().getSimpleName(), key(fact), shown);
    }

    private static List<Field> declared(Object fact) {
        List<Field> out = new ArrayList<>();
        for (Field field : fact.getClass().getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers()) && !field.getName().startsWith("$")
                    && !field.getName().startsWith("__")) {
                out.add(field);
            }
        }
        return out;
    }
}
