package io.caveat.collect;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a snapshot directory in the offline format: kubectl-style typed lists under kubernetes/, PCE API
 * collections under pce/, and manifest.json. Each file is written under a temporary name and renamed when
 * complete, so a file that is there is whole.
 */
public final class SnapshotWriter {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Path root;

    public SnapshotWriter(Path root) {
        this.root = root;
        try {
            Files.createDirectories(root.resolve("kubernetes"));
            Files.createDirectories(root.resolve("pce"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create snapshot directory " + root, e);
        }
    }

    public Path root() {
        return root;
    }

    /** A typed list (PodList...) written item by item. */
    ListFile list(String fileName, String apiVersion, String listKind) throws IOException {
        return new ListFile(root.resolve("kubernetes").resolve(fileName), apiVersion, listKind);
    }

    /** A PCE collection as the API returned it, downloaded whole into a file that moves into the snapshot. */
    void pce(String fileName, Path downloaded) throws IOException {
        Path target = root.resolve("pce").resolve(fileName);
        Path temp = temp(target);
        Files.move(downloaded, temp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A PCE collection caveat filtered (one container cluster of several). */
    void pce(String fileName, JsonNode collection) throws IOException {
        Path target = root.resolve("pce").resolve(fileName);
        Path temp = temp(target);
        MAPPER.writeValue(temp.toFile(), collection);
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A single object (an OpenShift Network). */
    void object(String fileName, JsonNode object) throws IOException {
        Path target = root.resolve("kubernetes").resolve(fileName);
        Path temp = temp(target);
        MAPPER.writeValue(temp.toFile(), object);
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    void manifest(JsonNode manifest) throws IOException {
        Path target = root.resolve("manifest.json");
        Path temp = temp(target);
        MAPPER.writeValue(temp.toFile(), manifest);
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Path temp(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".partial");
    }

    /** One list file being written; {@link #commit()} makes it visible, {@link #close()} alone discards it. */
    static final class ListFile implements AutoCloseable {
        private final Path target;
        private final Path temp;
        private final JsonGenerator out;
        private boolean committed;

        ListFile(Path target, String apiVersion, String listKind) throws IOException {
            this.target = target;
            this.temp = temp(target);
            this.out = MAPPER.getFactory().createGenerator(temp.toFile(), JsonEncoding.UTF8);
            out.writeStartObject();
            out.writeStringField("apiVersion", apiVersion);
            out.writeStringField("kind", listKind);
            out.writeObjectFieldStart("metadata");
            out.writeEndObject();
            out.writeArrayFieldStart("items");
        }

        void add(JsonNode item) throws IOException {
            MAPPER.writeTree(out, item);
        }

        void commit() throws IOException {
            out.writeEndArray();
            out.writeEndObject();
            out.close();
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            committed = true;
        }

        @Override
        public void close() throws IOException {
            if (!committed) {
                out.close();
                Files.deleteIfExists(temp);
            }
        }
    }
}
