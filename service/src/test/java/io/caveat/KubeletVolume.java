package io.caveat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A ConfigMap volume laid out as the kubelet's atomic writer lays it out: the payload in a hidden
 * {@code ..<timestamp>} folder, a {@code ..data} link to it, one link per top-level name through {@code ..data};
 * an update writes a new folder, renames a fresh {@code ..data_tmp} link over {@code ..data}, then fixes the
 * top-level links and removes the old folder.
 */
public final class KubeletVolume {
    private final Path dir;
    private int version;

    public KubeletVolume(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    public Path dir() {
        return dir;
    }

    /** The payload of a ConfigMap manifest: data and binaryData, key by key. */
    public static Map<String, byte[]> payload(String configMapYaml) throws IOException {
        JsonNode map = new YAMLMapper().readTree(configMapYaml);
        Map<String, byte[]> payload = new LinkedHashMap<>();
        map.path("data").fields().forEachRemaining(e -> payload.put(e.getKey(),
                e.getValue().asText().getBytes(StandardCharsets.UTF_8)));
        map.path("binaryData").fields().forEachRemaining(e -> payload.put(e.getKey(),
                Base64.getDecoder().decode(e.getValue().asText())));
        return payload;
    }

    /** Writes a new version of the volume; paths may hold '/' as a volume's items give them. */
    public void write(Map<String, byte[]> payload) throws IOException {
        Path data = dir.resolve("..data");
        Path old = Files.isSymbolicLink(data) ? dir.resolve(Files.readSymbolicLink(data)) : null;
        Path fresh = dir.resolve(String.format("..2026_12_02_19_%02d_00.%09d", version, version + 1));
        version++;
        for (var entry : payload.entrySet()) {
            Path file = fresh.resolve(entry.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, entry.getValue());
        }
        Path tmp = dir.resolve("..data_tmp");
        Files.createSymbolicLink(tmp, fresh.getFileName());
        Files.move(tmp, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Set<String> names = payload.keySet().stream().map(k -> k.split("/")[0]).collect(Collectors.toSet());
        for (String name : names) {
            Path link = dir.resolve(name);
            if (!Files.isSymbolicLink(link)) {
                Files.createSymbolicLink(link, Path.of("..data").resolve(name));
            }
        }
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.toList()) {
                String name = p.getFileName().toString();
                if (!name.startsWith("..") && !names.contains(name)) {
                    Files.delete(p);
                }
            }
        }
        if (old != null) {
            try (Stream<Path> walk = Files.walk(old)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
