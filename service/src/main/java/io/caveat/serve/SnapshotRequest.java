package io.caveat.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
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
 * (a Kubernetes object or list, a PCE collection), or {"live": true}. Both are read by the same loader as
 * `caveat evaluate`, so the service and the command line cannot disagree: the documents straight from the body,
 * each as a file named documents[n]; a live collection through its snapshot directory.
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
        // Read object by object from the body, never built as a whole tree: a 60 MiB body costs its bytes, not ten
        // times that. Positions are the body's lines and columns.
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new BadRequest("the body must be a JSON object: {\"documents\": [...]} or {\"live\": true}",
                        "/");
            }
            boolean liveAsked = false;
            Snapshot documents = null;
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
                    documents = documents(parser, body);
                } else {
                    parser.skipChildren();
                }
            }
            if (liveAsked) {
                if (live == null) {
                    throw new BadRequest("live collection is not configured: start caveat serve with --config "
                            + "caveat.yaml (or the live source options)", "/live");
                }
                return collect(live, log);
            }
            if (documents == null) {
                throw new BadRequest(DOCUMENTS, "/documents");
            }
            return documents;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new BadRequest("malformed JSON: " + io.caveat.load.ParseMessages.of(e),
                    at == null ? null : at.getLineNr() + ":" + at.getColumnNr());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The documents array, read as a snapshot; each element must be an object or an array. */
    private static Snapshot documents(JsonParser parser, byte[] body) throws IOException {
        try {
            return SnapshotLoader.loadDocuments(parser, body, "request", "request body");
        } catch (SnapshotLoader.NotADocument e) {
            throw new BadRequest(e.getMessage(), "/documents/" + e.index());
        }
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
