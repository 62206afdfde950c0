package io.caveat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caveat.collect.Directories;
import io.caveat.load.SnapshotManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/** A directory caveat snapshot writes: it replaces only what it wrote itself, never a user's other files. */
final class SnapshotDirectory {
    /** What a snapshot consists of. */
    private static final List<String> PARTS = List.of("kubernetes", "pce", "manifest.json");

    private SnapshotDirectory() {
    }

    /** Absent, empty, or a caveat snapshot (its manifest says so). */
    static boolean replaceable(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return true;
        }
        if (!Files.isDirectory(directory)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            if (entries.findAny().isEmpty()) {
                return true;
            }
        }
        Path manifest = directory.resolve("manifest.json");
        if (!Files.isRegularFile(manifest)) {
            return false;
        }
        try {
            JsonNode json = new ObjectMapper().readTree(manifest.toFile());
            return json != null && json.has(SnapshotManifest.FIELD);
        } catch (IOException e) {
            return false;
        }
    }

    /** Moves a complete new snapshot into place, removing the parts of the previous one. */
    static void replace(Path target, Path staging) throws IOException {
        Files.createDirectories(target);
        for (String part : PARTS) {
            Directories.delete(target.resolve(part));
        }
        for (String part : PARTS) {
            Path from = staging.resolve(part);
            if (Files.exists(from)) {
                Files.move(from, target.resolve(part), StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }
}
