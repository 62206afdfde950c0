package io.caveat.load;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Set;

/**
 * Reads one JSON value as a tree, leaving out the subtrees no fact is built from: probes, resources, volumes,
 * tolerations, managed fields, container statuses... the bulk of a real pod's bytes, skipped by the parser
 * instead of built and dropped. Maps whose keys are the user's (labels, annotations, ConfigMap data, selectors)
 * are read whole, so a label that happens to be called "resources" is kept. A test loads the same data with full
 * trees and checks the facts are the same: a field a fact needs must not be listed here.
 *
 * <p>Short strings are deduplicated through a small lossy cache (one slot per hash): the namespaces, node names,
 * kinds and label values that thousands of pods repeat become one String each in the facts, without a map that
 * grows with the unique ones. One reader per thread.
 */
final class LeanTree {
    static final Set<String> UNUSED = Set.of("managedFields", "conditions", "containerStatuses",
            "initContainerStatuses", "ephemeralContainerStatuses", "volumes", "volumeMounts", "volumeDevices",
            "livenessProbe", "readinessProbe", "startupProbe", "resources", "tolerations", "affinity",
            "securityContext", "topologySpreadConstraints", "lifecycle", "terminationMessagePath",
            "terminationMessagePolicy", "imagePullPolicy", "dnsConfig", "readinessGates", "podIPs", "hostIPs",
            "startTime", "imageID", "containerID", "args", "command", "workingDir", "imagePullSecrets",
            "schedulingGates", "resourceClaims", "overhead");
    private static final Set<String> USER_KEYS = Set.of("labels", "annotations", "data", "stringData", "selector",
            "matchLabels", "nodeSelector");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final int SHORT = 64;
    private final String[] seen = new String[1 << 14];

    /** The value the parser's current token starts, without the unused subtrees. */
    JsonNode read(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case START_OBJECT -> object(parser);
            case START_ARRAY -> array(parser);
            default -> scalar(parser);
        };
    }

    private ObjectNode object(JsonParser parser) throws IOException {
        ObjectNode node = NODES.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (UNUSED.contains(name)) {
                parser.skipChildren();
            } else if (USER_KEYS.contains(name) && value == JsonToken.START_OBJECT) {
                node.set(name, userMap(parser));
            } else {
                node.set(name, read(parser));
            }
        }
        return node;
    }

    private ArrayNode array(JsonParser parser) throws IOException {
        ArrayNode node = NODES.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            node.add(read(parser));
        }
        return node;
    }

    private JsonNode scalar(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case VALUE_STRING -> NODES.textNode(dedupe(parser.getText()));
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> MAPPER.readTree(parser);
        };
    }

    /** Labels, annotations, data: every key kept, short keys and values deduplicated like the rest. */
    private ObjectNode userMap(JsonParser parser) throws IOException {
        ObjectNode node = NODES.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = dedupe(parser.currentName());
            parser.nextToken();
            node.set(name, parser.currentToken() == JsonToken.VALUE_STRING ? NODES.textNode(dedupe(parser.getText()))
                    : MAPPER.readTree(parser));
        }
        return node;
    }

    private String dedupe(String text) {
        if (text == null || text.length() > SHORT) {
            return text;
        }
        int slot = text.hashCode() & (seen.length - 1);
        String known = seen[slot];
        if (text.equals(known)) {
            return known;
        }
        seen[slot] = text;
        return text;
    }
}
