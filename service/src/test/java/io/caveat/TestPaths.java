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

    /** A file or folder of src/test/resources/realdata. */
    public static Path realdata(String relative) {
        try {
            return Path.of(TestPaths.class.getResource("/realdata/" + relative).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("no test resource realdata/" + relative, e);
        }
    }
}
