package io.caveat.load;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/** What a field held instead of what was expected, in a problem's words: "null", "a number (6)", "an object". */
final class Found {
    private static final int SHOWN = 40;

    private Found() {
    }

    static String of(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        if (value.isNull()) {
            return "null";
        }
        if (value.isObject()) {
            return "an object";
        }
        if (value.isArray()) {
            return "a list";
        }
        if (value.isNumber()) {
            return "a number (" + shown(value.asText()) + ")";
        }
        if (value.isBoolean()) {
            return "a boolean (" + value.asText() + ")";
        }
        return "a string (\"" + shown(value.asText()) + "\")";
    }

    static String of(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case VALUE_NULL -> "null";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "a list";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number (" + shown(parser.getText()) + ")";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean (" + parser.getText() + ")";
            default -> "a string (\"" + shown(parser.getText()) + "\")";
        };
    }

    private static String shown(String text) {
        return text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "...";
    }
}
