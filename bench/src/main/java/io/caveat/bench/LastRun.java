package io.caveat.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The figures of the last run, kept beside the generated snapshots so that the next run shows its own beside them. */
final class LastRun {
    static final String FILE = "last-run.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private LastRun() {
    }

    /** The last run's rows by preset; none when there was no run, or its file cannot be read. */
    static Map<String, Map<String, String>> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            List<Map<String, String>> rows = JSON.readValue(file.toFile(), new TypeReference<>() {
            });
            Map<String, Map<String, String>> byPreset = new LinkedHashMap<>();
            rows.forEach(r -> byPreset.put(r.get("preset"), r));
            return byPreset;
        } catch (IOException e) {
            System.err.println("bench: " + file + " is unreadable (" + e.getMessage() + "); no comparison");
            return Map.of();
        }
    }

    /** Keeps this run's rows, merged over the last run's presets that this run did not measure. */
    static void write(Path file, List<Map<String, String>> rows) throws IOException {
        Map<String, Map<String, String>> all = new LinkedHashMap<>(read(file));
        rows.forEach(r -> all.put(r.get("preset"), r));
        Files.createDirectories(file.getParent());
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), List.copyOf(all.values()));
    }
}
