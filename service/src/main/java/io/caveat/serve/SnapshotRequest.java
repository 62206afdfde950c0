package io.caveat.serve;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SnapshotRequest() {
    }

    static Snapshot read(byte[] body, CollectSettings live, PrintWriter log) {
        JsonNode request;
        try {
            request = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new BadRequest("malformed JSON: " + e.getOriginalMessage(),
                    at == null ? null : at.getLineNr() + ":" + at.getColumnNr());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (request == null || !request.isObject()) {
            throw new BadRequest("the body must be a JSON object: {\"documents\": [...]} or {\"live\": true}", "/");
        }
        JsonNode liveFlag = request.get("live");
        if (liveFlag != null && !liveFlag.isBoolean()) {
            throw new BadRequest("'live' must be true or false", "/live");
        }
        if (liveFlag != null && liveFlag.booleanValue()) {
            if (live == null) {
                throw new BadRequest("live collection is not configured: start caveat serve with --config caveat.yaml"
                        + " (or the live source options)", "/live");
            }
            return collect(live, log);
        }
        JsonNode documents = request.get("documents");
        if (documents == null || !documents.isArray()) {
            throw new BadRequest("'documents' must be an array of snapshot documents (Kubernetes objects or lists, "
                    + "PCE collections)", "/documents");
        }
        for (int i = 0; i < documents.size(); i++) {
            if (!documents.get(i).isContainerNode()) {
                throw new BadRequest("each document must be an object or an array", "/documents/" + i);
            }
        }
        // One file holding the documents one after the other: the loader reads a file's top-level values in turn.
        Path directory = temp();
        try (var out = MAPPER.getFactory().createGenerator(directory.resolve("documents.json").toFile(),
                com.fasterxml.jackson.core.JsonEncoding.UTF8)) {
            for (JsonNode document : documents) {
                MAPPER.writeTree(out, document);
            }
        } catch (IOException e) {
            Directories.delete(directory);
            throw new UncheckedIOException(e);
        }
        try {
            return SnapshotLoader.load(directory, "request body (" + documents.size() + " documents)");
        } finally {
            Directories.delete(directory);
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
