package io.caveat.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A rule scenario: one multi-document YAML file whose first document says what must come out (the rule, its
 * status, the exact findings with key phrases of their messages) and whose other documents are the snapshot
 * data going in (Kubernetes objects, PCE collections). The loader skips the first document as unrecognised.
 */
public record Scenario(Path file, String rule, String description, String status, List<Expected> findings) {

    /**
     * A finding the scenario expects: its subject as Kind/namespace/name (or Kind/name), message phrases, and its
     * severity when the scenario names one (null: any).
     */
    public record Expected(String subject, List<String> messageContains, String severity) {
    }

    public static Scenario read(Path file) {
        try (MappingIterator<JsonNode> docs = new YAMLMapper().readerFor(JsonNode.class).readValues(file.toFile())) {
            JsonNode header = docs.hasNext() ? docs.next().path("scenario") : null;
            if (header == null || header.isMissingNode() || !header.hasNonNull("rule")) {
                throw new IllegalArgumentException(file + ":1: the first document must be 'scenario:' with a 'rule:'");
            }
            JsonNode expect = header.path("expect");
            List<Expected> findings = new ArrayList<>();
            for (JsonNode f : expect.path("findings")) {
                List<String> phrases = new ArrayList<>();
                f.path("messageContains").forEach(p -> phrases.add(p.asText()));
                findings.add(new Expected(f.path("subject").asText(), phrases,
                        f.hasNonNull("severity") ? f.path("severity").asText() : null));
            }
            return new Scenario(file, header.path("rule").asText(), header.path("description").asText(""),
                    expect.path("status").asText("evaluated"), findings);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    /** "fires" or "passes", from the file name fires.&lt;case&gt;.yaml / passes.&lt;case&gt;.yaml. */
    public String expectation() {
        String name = file.getFileName().toString();
        return name.substring(0, name.indexOf('.'));
    }
}
