package io.caveat.load;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caveat.model.Fact;
import io.caveat.model.FactKinds;
import io.caveat.model.SnapshotSummary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A read snapshot as one gzipped JSON file (its facts, summary and sources), so that an archived run can be
 * evaluated again (a rule change's dry run) without the exports it was read from. Facts are written and read
 * one by one; only the kinds of {@link FactKinds} are accepted back.
 */
public final class SnapshotFile {
    public static final String NAME = "snapshot.json.gz";
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Map<String, Class<? extends Fact>> KINDS = new HashMap<>();

    static {
        FactKinds.ALL.forEach(k -> KINDS.put(k.getSimpleName(), k));
    }

    private SnapshotFile() {
    }

    public static byte[] write(Snapshot snapshot) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes);
             JsonGenerator out = JSON.getFactory().createGenerator(gzip)) {
            out.writeStartObject();
            out.writeFieldName("summary");
            JSON.writeValue(out, snapshot.summary());
            out.writeFieldName("sources");
            JSON.writeValue(out, snapshot.sources());
            out.writeArrayFieldStart("facts");
            for (Object fact : snapshot.facts()) {
                out.writeStartObject();
                out.writeStringField("kind", fact.getClass().getSimpleName());
                out.writeFieldName("fact");
                JSON.writeValue(out, fact);
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static Snapshot read(Path file) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file));
             JsonParser parser = JSON.getFactory().createParser(in)) {
            SnapshotSummary summary = null;
            Map<String, SourceObject> sources = Map.of();
            List<Object> facts = new ArrayList<>();
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "summary" -> summary = JSON.readValue(parser, SnapshotSummary.class);
                    case "sources" -> sources = JSON.readValue(parser,
                            JSON.getTypeFactory().constructMapType(HashMap.class, String.class, SourceObject.class));
                    case "facts" -> {
                        while (parser.nextToken() == JsonToken.START_OBJECT) {
                            JsonNode entry = JSON.readTree(parser);
                            Class<? extends Fact> kind = KINDS.get(entry.path("kind").asText());
                            if (kind == null) {
                                throw new IllegalArgumentException(file + ": not a fact kind: " + entry.path("kind"));
                            }
                            facts.add(JSON.treeToValue(entry.get("fact"), kind));
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
            if (summary == null) {
                throw new IllegalArgumentException(file + ": no snapshot summary");
            }
            return new Snapshot(facts, summary, sources);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the archived snapshot " + file + ": " + e.getMessage(), e);
        }
    }
}
