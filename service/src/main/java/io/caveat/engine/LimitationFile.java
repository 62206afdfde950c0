package io.caveat.engine;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A limitation's {@code limitation.yaml}: its words (title, the source's text, remediation...) and where they
 * come from, kept apart from the rules so that long texts are folded YAML, not one 600-character annotation.
 * Every rule file of the same folder (and below) belongs to this limitation. YAML is never evaluated: these values
 * are text, whatever they hold.
 *
 * @param folder the folder it describes, relative to the rules directory ("limitations/KL-004-...")
 * @param fields each known key with its text, in file order
 * @param where  each key's position, "file:line:column", for diagnostics about its value
 */
record LimitationFile(RuleFile file, String folder, Map<String, String> fields, Map<String, String> where) {
    static final String NAME = "limitation.yaml";
    /** Keys a limitation must give, and those it may. */
    static final List<String> REQUIRED = List.of("id", "title", "severity", "docs", "remediation");
    static final List<String> OPTIONAL = List.of("requires", "source", "appliesTo", "detects", "limitation");
    private static final YAMLFactory YAML = new YAMLFactory();
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Z][A-Z0-9]*-\\d+");

    static boolean isLimitationFile(String fileName) {
        return fileName.equals(NAME);
    }

    /** The file read strictly: a mapping of known keys to text; each mistake named at its line and column. */
    static LimitationFile read(RuleFile file) {
        List<String> errors = new ArrayList<>();
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, String> where = new LinkedHashMap<>();
        try (JsonParser p = YAML.createParser(file.content())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                errors.add(at(file, p.currentLocation()) + "expected a mapping of " + String.join(", ", REQUIRED)
                        + " and optionally " + String.join(", ", OPTIONAL));
            } else {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    JsonLocation at = p.currentTokenLocation();
                    JsonToken value = p.nextToken();
                    where.put(key, at(file, at).replaceFirst(": $", ""));
                    if (!REQUIRED.contains(key) && !OPTIONAL.contains(key)) {
                        errors.add(at(file, at) + "unknown key '" + key + "' (known: "
                                + String.join(", ", REQUIRED) + ", " + String.join(", ", OPTIONAL) + ")");
                        p.skipChildren();
                    } else if (value != JsonToken.VALUE_STRING) {
                        errors.add(at(file, at) + key + " must be text, not " + describe(value));
                        p.skipChildren();
                    } else if (fields.put(key, p.getText().strip()) != null) {
                        errors.add(at(file, at) + key + " is given twice");
                    }
                }
                REQUIRED.stream().filter(k -> !where.containsKey(k) || fields.containsKey(k) && fields.get(k).isBlank())
                        .forEach(k ->
                        errors.add(file.name() + ":1:1: " + k + " is missing (a limitation needs "
                                + String.join(", ", REQUIRED) + ")"));
                if (p.nextToken() != null) {
                    errors.add(at(file, p.currentTokenLocation()) + "a second YAML document: a limitation.yaml holds"
                            + " one limitation");
                }
                String id = fields.get("id");
                String folderName = file.name().contains("/") ? file.name().substring(0, file.name().lastIndexOf('/'))
                        .replaceFirst(".*/", "") : "";
                if (id != null && !ID.matcher(id).matches()) {
                    errors.add(where.get("id") + ": id '" + id + "' is not an id like KL-004 (letters, a dash, a"
                            + " number)");
                } else if (id != null && !folderName.equals(id) && !folderName.startsWith(id + "-")) {
                    errors.add(where.get("id") + ": id " + id + " is not the folder's (" + folderName + "): name the"
                            + " folder " + id + "-<what it is about>, or give the file the folder's id");
                }
            }
        } catch (JsonProcessingException e) {
            errors.add(at(file, e.getLocation()) + io.caveat.load.ParseMessages.of(e));
        } catch (IOException e) {
            errors.add(file.name() + ":0:0: " + e.getMessage());
        }
        if (!errors.isEmpty()) {
            throw new RuleLoadException(errors);
        }
        String name = file.name();
        return new LimitationFile(file, name.contains("/") ? name.substring(0, name.lastIndexOf('/')) : "", fields,
                where);
    }

    String id() {
        return fields.get("id");
    }

    String get(String key) {
        return fields.get(key);
    }

    /** "file:line:column" of a key's value, or of the file when the key is absent. */
    String at(String key) {
        return where.getOrDefault(key, file.name() + ":1:1");
    }

    /** Whether a rule file lies in this limitation's folder or below it. */
    boolean owns(String ruleFileName) {
        return folder.isEmpty() || ruleFileName.startsWith(folder + "/");
    }

    private static String describe(JsonToken token) {
        return token == JsonToken.START_OBJECT ? "a mapping" : token == JsonToken.START_ARRAY ? "a list"
                : token == JsonToken.VALUE_NULL ? "empty" : "a number or boolean (quote it)";
    }

    private static String at(RuleFile file, JsonLocation where) {
        return file.name() + ":" + (where == null ? 0 : where.getLineNr()) + ":"
                + (where == null ? 0 : where.getColumnNr()) + ": ";
    }
}
