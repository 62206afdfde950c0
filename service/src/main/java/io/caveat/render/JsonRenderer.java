package io.caveat.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.caveat.model.Evaluation;

/** The machine-readable contract of an evaluation. */
public final class JsonRenderer {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private static final ObjectMapper YAML = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper(
            com.fasterxml.jackson.dataformat.yaml.YAMLFactory.builder()
                    .enable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .disable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .build());

    private JsonRenderer() {
    }

    public static String render(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String render(Evaluation evaluation) {
        return render((Object) evaluation);
    }

    /** The same contract as YAML, field for field. */
    public static String yaml(Evaluation evaluation) {
        try {
            return YAML.writeValueAsString(MAPPER.valueToTree(evaluation));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
