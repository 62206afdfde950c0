package io.caveat.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scenario: one multi-document YAML file whose first document says what must come out and whose other documents
 * are the snapshot data going in (Kubernetes objects, PCE collections). A limitation's scenario names its rule, the
 * status and the exact findings with key phrases of their messages; a vocabulary scenario names the fact type it
 * derives ({@code derives: ActivePod}) and the exact facts of that type, each by some of its fields. The loader skips
 * the first document as unrecognised.
 *
 * @param rule    the limitation's id, or the derived type of a vocabulary scenario
 * @param derives true for a vocabulary scenario
 * @param facts   a vocabulary scenario's expected facts: field name to value, as text
 */
public record Scenario(Path file, String rule, String description, String status, List<Expected> findings,
                       boolean derives, List<Map<String, String>> facts) {

    /**
     * A finding the scenario expects: its subject as Kind/namespace/name (or Kind/name), message phrases, and its
     * severity when the scenario names one (null: any).
     */
    public record Expected(String subject, List<String> messageContains, String severity) {
    }

    public static Scenario read(Path file) {
        try (MappingIterator<JsonNode> docs = new YAMLMapper().readerFor(JsonNode.class).readValues(file.toFile())) {
            JsonNode header = docs.hasNext() ? docs.next().path("scenario") : null;
            if (header == null || header.isMissingNode() || !header.hasNonNull("rule") && !header.hasNonNull("derives")) {
                throw new IllegalArgumentException(file + ":1: the first document must be 'scenario:' with a 'rule:'"
                        + " (or, for the vocabulary, 'derives:')");
            }
            JsonNode expect = header.path("expect");
            if (header.hasNonNull("derives")) {
                List<Map<String, String>> facts = new ArrayList<>();
                for (JsonNode f : expect.path("facts")) {
                    Map<String, String> fields = new LinkedHashMap<>();
                    f.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue().isValueNode()
                            ? e.getValue().asText() : e.getValue().toString()));
                    facts.add(fields);
                }
                return new Scenario(file, header.path("derives").asText(), header.path("description").asText(""),
                        "evaluated", List.of(), true, facts);
            }
            List<Expected> findings = new ArrayList<>();
            for (JsonNode f : expect.path("findings")) {
                List<String> phrases = new ArrayList<>();
                f.path("messageContains").forEach(p -> phrases.add(p.asText()));
                findings.add(new Expected(f.path("subject").asText(), phrases,
                        f.hasNonNull("severity") ? f.path("severity").asText() : null));
            }
            return new Scenario(file, header.path("rule").asText(), header.path("description").asText(""),
                    expect.path("status").asText("evaluated"), findings, false, List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Jackson reports a YAML mistake met while iterating documents unchecked: still name the file.
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** "fires", "passes" or "derives", from the file name fires.&lt;case&gt;.yaml, passes.&lt;case&gt;.yaml... */
    public String expectation() {
        String name = file.getFileName().toString();
        return name.substring(0, name.indexOf('.'));
    }
}
