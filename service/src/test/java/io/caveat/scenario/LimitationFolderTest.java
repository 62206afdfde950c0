package io.caveat.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.caveat.TestPaths;
import io.caveat.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an analyst does to the live knowledge base: copy one limitation's folder under a new id and delete another
 * (Illumio may lift any, a seed limitation too), then run what the build runs on rules/: check, scenarios, catalog,
 * and the demo. Nothing but the folders changes. Which folders is read from rules/, so the test holds whatever the
 * analysts keep there.
 */
class LimitationFolderTest {
    @TempDir
    Path dir;

    @Test
    void aFolderAddedUnderANewIdAndAnotherRemovedChangeNothingElse() throws IOException {
        Path rules = TestPaths.copyTree(TestPaths.rules(), dir.resolve("rules"));
        Path limitations = rules.resolve("limitations");
        List<String> before = TestPaths.limitationIds(rules);
        assertThat(before).as("limitations to copy and remove").hasSizeGreaterThanOrEqualTo(2);
        String copied = before.get(before.size() - 1);
        String removed = before.get(0);
        String added = "KL-999";
        Path from = folder(limitations, copied);
        Path copy = TestPaths.copyTree(from, limitations.resolve(from.getFileName().toString().replace(copied, added)));
        try (Stream<Path> files = Files.walk(copy)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.writeString(file, Files.readString(file).replace(copied, added));
                if (file.getFileName().toString().contains(copied)) {
                    Files.move(file, file.resolveSibling(file.getFileName().toString().replace(copied, added)));
                }
            }
        }
        deleteTree(folder(limitations, removed));
        List<String> ids = TestPaths.limitationIds(rules);
        assertThat(ids).contains(added).doesNotContain(removed);

        assertThat(run("rules", "check", rules.toString())).startsWith("0\n").contains(ids.size() + " limitations");
        assertThat(run("rules", "test", rules.toString())).startsWith("0\n").contains("PASS " + added, " 0 failed")
                .doesNotContain(removed);
        Path catalog = dir.resolve("rules.md");
        assertThat(run("rules", "docs", rules.toString(), "--out", catalog.toString())).startsWith("0\n");
        assertThat(Files.readString(catalog)).contains("## " + added).doesNotContain("## " + removed);

        String demo = run("evaluate", "--rules", rules.toString(), TestPaths.demo().toString());
        assertThat(demo).containsPattern("(?m)^" + added + " +\\w+ +evaluated")
                .doesNotContainPattern("(?m)^" + removed + " ");
    }

    private static Path folder(Path limitations, String id) throws IOException {
        try (Stream<Path> folders = Files.list(limitations)) {
            return folders.filter(p -> p.getFileName().toString().startsWith(id + "-")).findFirst().orElseThrow();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The exit status, a newline, then what the command printed on standard output and error. */
    private static String run(String... args) {
        StringWriter out = new StringWriter();
        int status = Main.run(new PrintWriter(out, true), new PrintWriter(out, true), args);
        return status + "\n" + out;
    }
}
