package io.caveat.generate;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Streaming JSON files, pretty-printed as kubectl and the PCE print them. Closing the generator closes the open
 * array and object (Jackson's AUTO_CLOSE_JSON_CONTENT), so a file is one object at a time in memory.
 */
final class JsonFiles {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonFiles() {
    }

    /** A kubectl List document; write its items, then close it. */
    static JsonGenerator list(Path file) throws IOException {
        JsonGenerator g = open(file);
        g.writeStartObject();
        g.writeStringField("apiVersion", "v1");
        g.writeStringField("kind", "List");
        g.writeObjectFieldStart("metadata");
        g.writeStringField("resourceVersion", "");
        g.writeEndObject();
        g.writeArrayFieldStart("items");
        return g;
    }

    /** A PCE collection, as GET /orgs/1/... answers it: a JSON array of objects. */
    static JsonGenerator array(Path file) throws IOException {
        JsonGenerator g = open(file);
        g.writeStartArray();
        return g;
    }

    private static JsonGenerator open(Path file) throws IOException {
        return FACTORY.createGenerator(file.toFile(), JsonEncoding.UTF8).useDefaultPrettyPrinter();
    }
}
