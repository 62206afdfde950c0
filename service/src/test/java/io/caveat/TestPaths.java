package io.caveat;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Where the tests find the repository's rules and demo, and the real third-party data. */
public final class TestPaths {
    private TestPaths() {
    }

    public static Path repo() {
        return Path.of(System.getProperty("caveat.repo", "..")).toAbsolutePath().normalize();
    }

    public static Path rules() {
        return repo().resolve("rules");
    }

    public static Path demo() {
        return repo().resolve("docs/examples/demo");
    }

    /** A copy of the demo snapshot that a test may change. */
    public static Path copyDemo(Path into) throws java.io.IOException {
        return copyTree(demo(), into.resolve("demo"));
    }

    /** A copy of a folder and everything in it, for a test to change. */
    public static Path copyTree(Path from, Path to) throws java.io.IOException {
        try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (java.nio.file.Files.isDirectory(p)) {
                    java.nio.file.Files.createDirectories(target);
                } else {
                    java.nio.file.Files.copy(p, target);
                }
            }
        }
        return to;
    }

    /** A file or folder of src/test/resources/realdata. */
    public static Path realdata(String relative) {
        try {
            return Path.of(TestPaths.class.getResource("/realdata/" + relative).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("no test resource realdata/" + relative, e);
        }
    }
}
