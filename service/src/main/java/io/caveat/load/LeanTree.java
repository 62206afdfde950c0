package io.caveat.load;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one JSON value as a tree, leaving out the subtrees no fact is built from: probes, resources, volumes,
 * tolerations, managed fields, container statuses... the bulk of a real pod's bytes, skipped by the parser
 * instead of built and dropped. Maps whose keys are the user's (labels, annotations, ConfigMap data, selectors)
 * are read whole, so a label that happens to be called "resources" is kept. A test loads the same data with full
 * trees and checks the facts are the same: a field a fact needs must not be listed here.
 *
 * <p>YAML anchors and aliases are resolved as YAML defines them (an alias is the anchored node; a {@code <<} merge
 * key adds the merged maps' keys the map does not set itself). An alias shares the anchored tree instead of
 * copying it, and the values aliases stand for are counted: past {@link #MAX_ALIASED_VALUES} in one document the
 * file is refused, so a billion-laughs file costs no more than its bytes.
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
    /** Values that aliases may stand for in one YAML document: far above what a real export repeats. */
    static final long MAX_ALIASED_VALUES = 1_000_000;
    private static final Set<String> USER_KEYS = Set.of("labels", "annotations", "data", "stringData", "selector",
            "matchLabels", "nodeSelector");
    private static final String MERGE_KEY = "<<";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final int SHORT = 64;
    private final String[] seen = new String[1 << 14];
    private final Set<String> unused;
    private final Map<String, Anchored> anchors = new HashMap<>();
    /** Values read in this document, aliases counted at the size of what they stand for. */
    private long values;
    private long aliased;

    private record Anchored(JsonNode node, long size) {
    }

    /** @param lean false to keep every subtree (the test that checks nothing a fact needs is dropped) */
    LeanTree(boolean lean) {
        this.unused = lean ? UNUSED : Set.of();
    }

    /** A new YAML document: its anchors are its own. */
    void newDocument() {
        anchors.clear();
        aliased = 0;
    }

    /** The value the parser's current token starts, without the unused subtrees. */
    JsonNode read(JsonParser parser) throws IOException {
        return anchored(parser, false);
    }

    private JsonNode anchored(JsonParser parser, boolean userMap) throws IOException {
        YAMLParser yaml = parser instanceof YAMLParser y ? y : null;
        if (yaml != null && yaml.isCurrentAlias()) {
            return alias(yaml);
        }
        String anchor = parser instanceof AnchoringYaml.Parser anchoring ? anchoring.anchor() : null;
        long before = values;
        JsonNode node = userMap ? userMap(parser) : switch (parser.currentToken()) {
            case START_OBJECT -> object(parser);
            case START_ARRAY -> array(parser);
            default -> scalar(parser);
        };
        if (anchor != null) {
            anchors.put(anchor, new Anchored(node, values - before));
        }
        return node;
    }

    private JsonNode alias(YAMLParser parser) throws IOException {
        String name = parser.getText();
        Anchored target = anchors.get(name);
        if (target == null) {
            throw new JsonParseException(parser, "alias *" + name + " names no anchor before it in its document");
        }
        aliased += target.size;
        values += target.size;
        if (aliased > MAX_ALIASED_VALUES) {
            throw new JsonParseException(parser, "YAML aliases stand for more than " + MAX_ALIASED_VALUES
                    + " values in one document (an alias bomb?)");
        }
        return target.node;
    }

    private ObjectNode object(JsonParser parser) throws IOException {
        ObjectNode node = NODES.objectNode();
        values++;
        List<JsonNode> merged = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (unused.contains(name)) {
                parser.skipChildren();
            } else if (MERGE_KEY.equals(name) && parser instanceof YAMLParser) {
                merged = merged == null ? new ArrayList<>() : merged;
                merged.add(read(parser));
            } else if (USER_KEYS.contains(name) && value == JsonToken.START_OBJECT) {
                node.set(name, anchored(parser, true));
            } else {
                node.set(name, read(parser));
            }
        }
        if (merged != null) {
            merge(node, merged, parser);
        }
        return node;
    }

    /** YAML's merge key: each merged map (or each of a list of maps, first wins) adds the keys not set. */
    private static void merge(ObjectNode node, List<JsonNode> merged, JsonParser parser) throws IOException {
        for (JsonNode source : merged) {
            for (JsonNode map : source.isArray() ? source : List.of(source)) {
                if (!map.isObject()) {
                    throw new JsonParseException(parser, "a << merge key takes a map or a list of maps, not "
                            + map.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
                }
                map.properties().forEach(e -> {
                    if (!node.has(e.getKey())) {
                        node.set(e.getKey(), e.getValue());
                    }
                });
            }
        }
    }

    private ArrayNode array(JsonParser parser) throws IOException {
        ArrayNode node = NODES.arrayNode();
        values++;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            node.add(read(parser));
        }
        return node;
    }

    private JsonNode scalar(JsonParser parser) throws IOException {
        values++;
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
        values++;
        List<JsonNode> merged = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = dedupe(parser.currentName());
            parser.nextToken();
            if (MERGE_KEY.equals(name) && parser instanceof YAMLParser) {
                merged = merged == null ? new ArrayList<>() : merged;
                merged.add(read(parser));
            } else {
                node.set(name, read(parser));
            }
        }
        if (merged != null) {
            merge(node, merged, parser);
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
