package io.caveat.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.caveat.model.RuleInfo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.drools.base.common.DroolsObjectInputStream;
import org.drools.base.common.DroolsObjectOutputStream;
import org.drools.core.impl.InternalRuleBase;
import org.drools.core.impl.RuleBaseFactory;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.kiesession.rulebase.KnowledgeBaseFactory;
import org.drools.wiring.api.classloader.ProjectClassLoader;
import org.kie.api.definition.KiePackage;

/**
 * Compiled knowledge bases kept on disk by the hash of their rule files, so that an unchanged rules directory is
 * not compiled again on the next run: Drools' own serialization of the compiled packages, with the bytecode of
 * the declared types, which must be defined before the packages that use them are read.
 *
 * <p>An entry is trusted only when its header names this exact key (the rule files, caveat's build, the JVM) and
 * its payload matches the checksum beside it; anything else (damaged, truncated, from another build) is deleted
 * and the rules are compiled again. The checksum finds damage, not tampering: an entry holds code caveat runs, so
 * the directory must be the user's alone, owned by them, no link, and writable by no one else (as ssh wants of
 * its keys); otherwise it is not used.
 */
public final class KnowledgeBaseCache {
    /** Raised when the stored form changes, so that no older entry is ever read. */
    private static final String FORMAT = "caveat-kb-cache 1";
    /** Entries kept; the oldest beyond are removed when one is added (every edit of a rule makes a new one). */
    static final int KEEP = 8;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Everything of a knowledge base but its compiled packages. */
    record Metadata(String version, List<RuleInfo> rules, Map<String, String> ruleIds,
                            Map<String, String> severities, Map<String, List<String>> requires,
                            Map<String, String> files, List<String> warnings) {
    }

    private final Path directory;
    private final String build;
    private final Consumer<String> notes;
    private final java.util.function.Function<List<RuleFile>, KnowledgeBase> compiler;
    /** Whether the directory may be used, decided once per run (null: not yet). */
    private Boolean usable;

    /**
     * @param directory where entries live; null for no cache (every call compiles)
     * @param build     what identifies caveat's build and the JVM: entries of another are never read
     * @param notes     told when an entry was damaged or the directory cannot be used
     */
    public KnowledgeBaseCache(Path directory, String build, Consumer<String> notes) {
        this(directory, build, notes, RuleCompiler::compile);
    }

    KnowledgeBaseCache(Path directory, String build, Consumer<String> notes,
                       java.util.function.Function<List<RuleFile>, KnowledgeBase> compiler) {
        this.directory = directory;
        this.build = build;
        this.notes = notes;
        this.compiler = compiler;
    }

    /** A cache that compiles every time. */
    public static KnowledgeBaseCache none() {
        return new KnowledgeBaseCache(null, "", note -> {
        });
    }

    /**
     * The user's cache: $CAVEAT_CACHE_DIR, else $XDG_CACHE_HOME/caveat, else ~/.cache/caveat; "off" for none. Only
     * when caveat runs from its jar, whose size and time identify the build; from classes (tests, an IDE), none.
     */
    public static KnowledgeBaseCache forUser(Consumer<String> notes) {
        String dir = System.getenv("CAVEAT_CACHE_DIR");
        if ("off".equals(dir)) {
            return none();
        }
        Path base;
        if (dir != null && !dir.isBlank()) {
            base = Path.of(dir);
        } else {
            String xdg = System.getenv("XDG_CACHE_HOME");
            base = (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache"))
                    .resolve("caveat");
        }
        if (!base.isAbsolute()) {
            // A user without a home (a container's numeric user reads "?"): no cache rather than one in the cwd.
            return none();
        }
        try {
            Path jar = Path.of(KnowledgeBaseCache.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(jar)) {
                return none();
            }
            String build = jar.toAbsolutePath() + " " + Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis()
                    + " " + buildInfo() + " " + System.getProperty("java.vm.vendor") + " "
                    + System.getProperty("java.vm.version");
            return new KnowledgeBaseCache(base.resolve("knowledge-bases"), build, notes);
        } catch (IOException | java.net.URISyntaxException | SecurityException e) {
            return none();
        }
    }

    /** The commit and build time the jar was built with, so that two builds of one size and time still differ. */
    private static String buildInfo() {
        try (java.io.InputStream in = KnowledgeBaseCache.class.getResourceAsStream("/caveat-git.properties")) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^#.*$", "");
        } catch (IOException e) {
            return "";
        }
    }

    /** The knowledge base of these files: from the cache when an entry for them is sound, else compiled (and kept). */
    public KnowledgeBase compile(List<RuleFile> files) {
        if (directory == null) {
            return compiler.apply(files);
        }
        String key = key(files);
        Path entry = directory.resolve(key + ".kb");
        KnowledgeBase cached = read(entry, key);
        if (cached != null) {
            touch(entry);
            return cached;
        }
        KnowledgeBase kb = compiler.apply(files);
        write(entry, key, kb);
        return kb;
    }

    /** The full hash of what an entry depends on: its format, caveat's build and the rule files. */
    String key(List<RuleFile> files) {
        MessageDigest sha = sha256();
        sha.update((FORMAT + "\0" + build + "\0").getBytes(StandardCharsets.UTF_8));
        for (RuleFile file : files) {
            sha.update(file.name().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(file.content());
            sha.update((byte) 0);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private KnowledgeBase read(Path entry, String key) {
        byte[] bytes;
        try {
            if (!Files.isRegularFile(entry, java.nio.file.LinkOption.NOFOLLOW_LINKS) || !usable()
                    || !ours(entry)) {
                return null;
            }
            bytes = Files.readAllBytes(entry);
        } catch (IOException e) {
            return null;
        }
        try {
            return decode(bytes, key);
        } catch (IOException | ClassNotFoundException | RuntimeException | LinkageError e) {
            notes.accept("the cached compiled rules " + entry + " were unreadable (" + e.getClass().getSimpleName()
                    + "); compiled the rules again");
            deleteQuietly(entry);
            return null;
        }
    }

    /** Header (format, key, checksum of the payload), then the payload; any mismatch is refused. */
    private KnowledgeBase decode(byte[] bytes, String key) throws IOException, ClassNotFoundException {
        String header = FORMAT + "\n" + key + "\n";
        byte[] expected = header.getBytes(StandardCharsets.UTF_8);
        int checksumLength = 32;
        if (bytes.length < expected.length + checksumLength
                || !Arrays.equals(bytes, 0, expected.length, expected, 0, expected.length)) {
            throw new IOException("not an entry for these rules");
        }
        int payload = expected.length + checksumLength;
        byte[] digest = sha256().digest(Arrays.copyOfRange(bytes, payload, bytes.length));
        if (!Arrays.equals(digest, 0, checksumLength, bytes, expected.length, payload)) {
            throw new IOException("checksum mismatch");
        }
        ProjectClassLoader classes = ProjectClassLoader.createProjectClassLoader(KnowledgeBaseCache.class
                .getClassLoader());
        Metadata meta;
        List<KiePackage> packages;
        try (ObjectInputStream in = new DroolsObjectInputStream(new ByteArrayInputStream(bytes, payload,
                bytes.length - payload), classes)) {
            meta = JSON.readValue((byte[]) in.readObject(), Metadata.class);
            @SuppressWarnings("unchecked")
            Map<String, byte[]> declared = (Map<String, byte[]>) in.readObject();
            // The declared types first: the packages' patterns name them as they are read.
            declared.forEach((name, code) -> classes.storeClass(name.replace('/', '.').replaceFirst("\\.class$", ""),
                    code));
            @SuppressWarnings("unchecked")
            List<KiePackage> read = (List<KiePackage>) in.readObject();
            packages = read;
        }
        InternalKnowledgeBase kieBase = KnowledgeBaseFactory.newKnowledgeBase(
                RuleBaseFactory.newKnowledgeBaseConfiguration(null, classes));
        kieBase.addPackages(new ArrayList<>(packages));
        return new KnowledgeBase(kieBase, meta.version(), meta.rules(), meta.ruleIds(), meta.severities(),
                meta.requires(), meta.files(), meta.warnings(), Map.of());
    }

    private void write(Path entry, String key, KnowledgeBase kb) {
        try {
            if (!prepare()) {
                return;
            }
            ByteArrayOutputStream payload = new ByteArrayOutputStream(1 << 21);
            try (ObjectOutputStream out = new DroolsObjectOutputStream(payload)) {
                out.writeObject(JSON.writeValueAsBytes(new Metadata(kb.version(), kb.rules(), kb.ruleIds(),
                        kb.severities(), kb.requires(), kb.files(), kb.warnings())));
                ClassLoader loader = ((InternalRuleBase) kb.kieBase()).getRootClassLoader();
                Map<String, byte[]> declared = loader instanceof ProjectClassLoader project && project.getStore() != null
                        ? new LinkedHashMap<>(project.getStore()) : new LinkedHashMap<>();
                out.writeObject(declared);
                Collection<KiePackage> packages = kb.kieBase().getKiePackages();
                out.writeObject(new ArrayList<>(packages));
            }
            byte[] body = payload.toByteArray();
            Path temp = Files.createTempFile(directory, "." + key, ".tmp");
            try {
                Files.write(temp, (FORMAT + "\n" + key + "\n").getBytes(StandardCharsets.UTF_8));
                Files.write(temp, sha256().digest(body), java.nio.file.StandardOpenOption.APPEND);
                Files.write(temp, body, java.nio.file.StandardOpenOption.APPEND);
                Files.move(temp, entry, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                deleteQuietly(temp);
            }
            prune();
        } catch (IOException | RuntimeException e) {
            // The next run compiles too; said, since a cache that never works makes every run slower.
            notes.accept("the compiled rules could not be cached in " + directory + " (" + e.getClass().getSimpleName()
                    + "); they are compiled on every run");
        }
    }

    /** Creates the directory as the user's alone; false when it exists but others may write to it. */
    private boolean prepare() throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory.getParent());
            try {
                Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } catch (UnsupportedOperationException e) {
                Files.createDirectory(directory);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // made meanwhile by another run
            }
        }
        return usable();
    }

    /** The directory is the user's alone: theirs, no link, writable by no one else; said once when it is not. */
    private boolean usable() throws IOException {
        if (usable == null) {
            String why = refusal();
            usable = why == null;
            if (why != null) {
                notes.accept("the compiled-rules cache " + directory + " " + why + ": not used");
            }
        }
        return usable;
    }

    private String refusal() throws IOException {
        if (Files.isSymbolicLink(directory)) {
            return "is a link (make it a directory of your own)";
        }
        if (!ours(directory)) {
            return "belongs to another user";
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(directory,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
            if (permissions.contains(PosixFilePermission.GROUP_WRITE)
                    || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
                return "is writable by others (chmod 700 it to use it)";
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing more to check
        }
        return null;
    }

    /** Whether this process's user owns the path: compared with a file it has just made itself. */
    private static boolean ours(Path path) throws IOException {
        Path probe = Files.createTempFile("caveat-owner-", ".probe");
        try {
            return Files.getOwner(path, java.nio.file.LinkOption.NOFOLLOW_LINKS).equals(Files.getOwner(probe));
        } catch (UnsupportedOperationException e) {
            return true;
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    private void prune() throws IOException {
        List<Path> entries;
        try (Stream<Path> list = Files.list(directory)) {
            entries = new ArrayList<>(list.filter(p -> p.getFileName().toString().endsWith(".kb")).toList());
        }
        entries.sort(Comparator.comparing((Path p) -> {
            try {
                return Files.getLastModifiedTime(p).toMillis();
            } catch (IOException e) {
                return 0L;
            }
        }).reversed());
        entries.stream().skip(KEEP).forEach(KnowledgeBaseCache::deleteQuietly);
        // What a run killed while writing left behind.
        long hourAgo = System.currentTimeMillis() - 3_600_000;
        try (Stream<Path> list = Files.list(directory)) {
            list.filter(p -> p.getFileName().toString().endsWith(".tmp")).filter(p -> {
                try {
                    return Files.getLastModifiedTime(p).toMillis() < hourAgo;
                } catch (IOException e) {
                    return false;
                }
            }).forEach(KnowledgeBaseCache::deleteQuietly);
        }
    }

    /** Marks an entry as used now: pruning removes the least recently used. */
    private static void touch(Path entry) {
        try {
            Files.setLastModifiedTime(entry, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            // a read-only cache still serves
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // left for the next prune
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
