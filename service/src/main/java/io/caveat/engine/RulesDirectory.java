package io.caveat.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The folder tree a rules directory stands for. A plain checkout is itself. A ConfigMap mounted by the kubelet
 * holds its keys in a hidden {@code ..<timestamp>/} folder reached through the {@code ..data} link, which the
 * kubelet swaps atomically on an update: the tree is that folder, read once through the link so that one load
 * sees one version. A ConfigMap key cannot hold a '/', so {@code caveat rules configmap} writes
 * {@code limitations/KL-001-x/KL-001.drl} as the key {@code limitations__KL-001-x__KL-001.drl}; such a flat
 * folder is unfolded into a private temporary tree, so that scenarios and diagnostics keep their paths.
 */
public final class RulesDirectory {
    /** Stands for '/' in a ConfigMap key. */
    public static final String SEPARATOR = "__";
    /** The kubelet's link to the current version of a mounted ConfigMap or Secret. */
    static final String KUBELET_DATA = "..data";
    /** What a ConfigMap key may hold (Kubernetes' IsConfigMapKey). */
    private static final Pattern KEY = Pattern.compile("[-._a-zA-Z0-9]+");
    /** Trees unfolded by this process, removed when it ends or when the service loads a newer version. */
    private static final Set<Path> UNFOLDED = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> UNFOLDED.forEach(RulesDirectory::delete),
                "caveat-rules-cleanup"));
    }

    private RulesDirectory() {
    }

    /** The tree to read for this rules directory (see the class comment). */
    public static Path open(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("rules directory not found: " + directory);
        }
        try {
            Path data = directory.resolve(KUBELET_DATA);
            Path tree = Files.isDirectory(data) ? data.toRealPath() : directory;
            return isFolded(tree) ? unfold(tree) : tree;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the rules directory " + directory, e);
        }
    }

    /** Whether a path names one of the kubelet's own entries (its hidden version folders and links). */
    public static boolean isKubeletEntry(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith("..")) {
                return true;
            }
        }
        return false;
    }

    /** The ConfigMap key for a path below the rules directory, or why it cannot have one. */
    public static String key(String path) {
        for (String part : path.split("/")) {
            if (part.contains(SEPARATOR) || part.startsWith("..") || !KEY.matcher(part).matches()) {
                throw new IllegalArgumentException(path + ": cannot be a ConfigMap key: each name may hold only "
                        + "letters, digits, '-', '.' and '_', not \"" + SEPARATOR + "\", and may not start with \"..\"");
            }
        }
        return path.replace("/", SEPARATOR);
    }

    private static boolean isFolded(Path tree) throws IOException {
        try (Stream<Path> entries = Files.list(tree)) {
            return entries.anyMatch(p -> p.getFileName().toString().contains(SEPARATOR) && Files.isRegularFile(p));
        }
    }

    private static Path unfold(Path flat) throws IOException {
        Path tree = Files.createTempDirectory("caveat-rules-");
        UNFOLDED.add(tree);
        List<Path> keys;
        try (Stream<Path> entries = Files.list(flat)) {
            keys = entries.filter(Files::isRegularFile).filter(p -> !isKubeletEntry(flat.relativize(p))).toList();
        }
        for (Path key : keys) {
            Path target = tree.resolve(key.getFileName().toString().replace(SEPARATOR, "/")).normalize();
            if (!target.startsWith(tree)) {
                throw new IllegalArgumentException(key + ": names a path outside the rules directory");
            }
            Files.createDirectories(target.getParent());
            Files.copy(key, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return tree;
    }

    /** Removes a tree this class unfolded (the service does so when a newer version replaces it). */
    public static void release(Path tree) {
        if (UNFOLDED.remove(tree)) {
            delete(tree);
        }
    }

    private static void delete(Path tree) {
        if (!Files.exists(tree)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(tree)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // A temporary folder left behind: the system's tmp cleaning takes it.
        }
    }
}
