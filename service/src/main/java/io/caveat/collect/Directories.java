package io.caveat.collect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removes directories and their contents: a temporary snapshot after use, a replaced snapshot. */
public final class Directories {
    private Directories() {
    }

    /** The directory and everything in it. */
    public static void delete(Path directory) {
        remove(directory, true);
    }

    /** Everything in the directory; the directory stays. */
    public static void clear(Path directory) {
        remove(directory, false);
    }

    private static void remove(Path directory, boolean itself) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (itself || !p.equals(directory)) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + directory, e);
        }
    }
}
