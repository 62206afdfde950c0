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

    /** The live knowledge base, which analysts change: only its scenarios, catalog and guide are tested. */
    public static Path rules() {
        return repo().resolve("rules");
    }

    /**
     * The frozen knowledge base that engine, output, service and golden tests run on
     * (src/test/resources/knowledge-base): the six seed limitations as they stood when it was taken, so that a
     * change to rules/ never breaks those tests. Counts and ids are read from it, never typed in.
     */
    public static Path knowledgeBase() {
        return repo().resolve("service/src/test/resources/knowledge-base");
    }

    public static Path demo() {
        return repo().resolve("docs/examples/demo");
    }

    /** The ids of the limitations of a knowledge base, from its limitation.yaml files, sorted. */
    public static java.util.List<String> limitationIds(Path knowledgeBase) {
        try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(knowledgeBase)) {
            com.fasterxml.jackson.databind.ObjectMapper yaml = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper();
            return walk.filter(p -> p.getFileName().toString().equals("limitation.yaml")).map(p -> {
                try {
                    return yaml.readTree(p.toFile()).path("id").asText();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** How many findings a knowledge base makes on the demo, evaluated in this process. */
    public static int demoFindings(Path knowledgeBase) {
        return io.caveat.engine.Evaluator.evaluate(io.caveat.engine.RuleCompiler.compile(
                io.caveat.engine.RuleSource.directory(knowledgeBase)), io.caveat.load.SnapshotLoader.load(demo()))
                .findings().size();
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
