package io.caveat.serve;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import io.caveat.collect.CollectSettings;
import io.caveat.collect.CollectionReport;
import io.caveat.collect.Directories;
import io.caveat.collect.LiveCollection;
import io.caveat.load.Snapshot;
import io.caveat.load.SnapshotLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The body of POST /evaluations: {"documents": [...]}, each document what one file of an offline snapshot holds
 * (a Kubernetes object or list, a PCE collection), or {"live": true}. Both become a snapshot directory read by
 * the same loader as `caveat evaluate`, so the service and the command line cannot disagree.
 */
final class SnapshotRequest {
    // Duplicate keys are refused here as in files: last-wins would pass a damaged object for another.
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final String DOCUMENTS = "'documents' must be an array of snapshot documents (Kubernetes objects "
            + "or lists, PCE collections)";

    private SnapshotRequest() {
    }

    static Snapshot read(byte[] body, CollectSettings live, PrintWriter log) {
        // Streamed into the file the loader reads, never built as a tree: a 60 MiB body costs its bytes, not ten
        // times that. Line n of documents.json is document n, so a problem's line says which document it is in.
        Path directory = temp();
        boolean done = false;
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new BadRequest("the body must be a JSON object: {\"documents\": [...]} or {\"live\": true}",
                        "/");
            }
            boolean liveAsked = false;
            int documents = -1;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("live".equals(field)) {
                    if (!value.isBoolean()) {
                        throw new BadRequest("'live' must be true or false", "/live");
                    }
                    liveAsked = value == JsonToken.VALUE_TRUE;
                } else if ("documents".equals(field)) {
                    if (value != JsonToken.START_ARRAY) {
                        throw new BadRequest(DOCUMENTS, "/documents");
                    }
                    documents = copyDocuments(parser, directory.resolve("documents.json"));
                } else {
                    parser.skipChildren();
                }
            }
            if (liveAsked) {
                if (live == null) {
                    throw new BadRequest("live collection is not configured: start caveat serve with --config "
                            + "caveat.yaml (or the live source options)", "/live");
                }
                Directories.delete(directory);
                done = true;
                return collect(live, log);
            }
            if (documents < 0) {
                throw new BadRequest(DOCUMENTS, "/documents");
            }
            return SnapshotLoader.load(directory, "request body (" + documents + " documents)");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new BadRequest("malformed JSON: " + io.caveat.load.ParseMessages.of(e),
                    at == null ? null : at.getLineNr() + ":" + at.getColumnNr());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!done) {
                Directories.delete(directory);
            }
        }
    }

    /** The documents, one per line of the file; each must be an object or an array. */
    private static int copyDocuments(JsonParser parser, Path file) throws IOException {
        int count = 0;
        try (JsonGenerator out = JSON.createGenerator(file.toFile(), JsonEncoding.UTF8)) {
            out.setRootValueSeparator(new SerializedString("\n"));
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (!token.isStructStart()) {
                    throw new BadRequest("each document must be an object or an array", "/documents/" + count);
                }
                out.copyCurrentStructure(parser);
                count++;
            }
        }
        return count;
    }

    private static Snapshot collect(CollectSettings settings, PrintWriter log) {
        Path directory = temp();
        try {
            LiveCollection.collect(settings, directory, System.getenv(), new CollectionReport(log));
            return SnapshotLoader.load(directory, "live collection");
        } finally {
            Directories.delete(directory);
        }
    }

    private static Path temp() {
        try {
            return Files.createTempDirectory("caveat-request-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
