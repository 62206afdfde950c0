package io.caveat.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Finds the rule files of a rules directory, or of the knowledge base shipped inside caveat's jar. */
public final class RuleSource {
    static final String BUNDLED = "caveat-rules";

    private RuleSource() {
    }

    /**
     * Every rule file and limitation.yaml below the directory, sorted by path; a mounted ConfigMap is read as the
     * tree it stands for ({@link RulesDirectory}).
     */
    public static List<RuleFile> directory(Path given) {
        Path directory = RulesDirectory.open(given);
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !RulesDirectory.isKubeletEntry(directory.relativize(p)))
                    .filter(p -> RuleFile.isKnowledgeFile(p.getFileName().toString()))
                    .sorted()
                    .map(p -> read(directory, p))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rules built into caveat (a copy of rules/ taken at build time). */
    public static List<RuleFile> bundled() {
        URL url = RuleSource.class.getClassLoader().getResource(BUNDLED);
        if (url == null) {
            throw new IllegalStateException("no bundled rules in this build; pass --rules DIR");
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    return directory(jar.getPath(BUNDLED));
                }
            }
            return directory(Path.of(uri));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RuleFile read(Path root, Path file) {
        try {
            return new RuleFile(root.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
