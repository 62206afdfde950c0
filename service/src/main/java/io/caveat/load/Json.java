package io.caveat.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/** Null-tolerant reads from JSON trees: absent and null fields read as null, never throw. */
final class Json {
    private Json() {
    }

    static JsonNode at(JsonNode node, String... path) {
        JsonNode current = node;
        for (String step : path) {
            if (current == null || !current.isObject()) {
                return null;
            }
            current = current.get(step);
        }
        return current == null || current.isNull() ? null : current;
    }

    static String text(JsonNode node, String... path) {
        JsonNode value = at(node, path);
        return value == null || value.isContainerNode() ? null : value.asText();
    }

    /** prefix + the text at path, or "" when absent. */
    static String textOr(JsonNode node, String prefix, String... path) {
        String value = text(node, path);
        return value == null ? "" : prefix + value;
    }

    static boolean bool(JsonNode node, boolean fallback, String... path) {
        JsonNode value = at(node, path);
        if (value == null) {
            return fallback;
        }
        return value.isBoolean() ? value.booleanValue() : Boolean.parseBoolean(value.asText());
    }

    static int integer(JsonNode node, int fallback, String... path) {
        JsonNode value = at(node, path);
        return value == null || !value.canConvertToInt() && !value.isTextual() ? fallback : parseInt(value, fallback);
    }

    private static int parseInt(JsonNode value, int fallback) {
        if (value.isNumber()) {
            return value.intValue();
        }
        try {
            return Integer.parseInt(value.asText().trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** The string entries of an object, nulls dropped. */
    static Map<String, String> strings(JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        eachString(object, out::put);
        return out;
    }

    static void eachString(JsonNode object, BiConsumer<String, String> consumer) {
        if (object == null || !object.isObject()) {
            return;
        }
        object.fields().forEachRemaining(e -> {
            if (!e.getValue().isNull() && !e.getValue().isContainerNode()) {
                consumer.accept(e.getKey(), e.getValue().asText());
            }
        });
    }

    static Iterable<JsonNode> elements(JsonNode node, String... path) {
        JsonNode array = at(node, path);
        return array != null && array.isArray() ? array : java.util.List.of();
    }
}
