package io.caveat.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.caveat.model.SnapshotSummary;
import org.yaml.snakeyaml.LoaderOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads a snapshot directory: every JSON and YAML file below it, whatever its name, streamed object by object
 * so that memory follows the facts kept, not the size of the files. Three steps: read (here: files, documents,
 * lists, what broke), map (each object into facts: {@link ObjectMapping}, then the PCE's with {@link PceFacts}
 * once all is read), derive (what needs the whole snapshot: {@link FactDerivation}).
 */
public final class SnapshotLoader {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    // A duplicate key is an error, not "last one wins": a damaged export must not pass for another object.
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final YAMLFactory YAML = new AnchoringYaml(YAMLFactory.builder()
            .loaderOptions(unboundedDocuments()).enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION));

    /** What the skipped-objects note calls a PCE workload that is neither a container host nor one of the nodes. */
    /** Places of unread objects a summary names per kind; the problems list them all. */
    private static final int SHOWN_PLACES = 3;
    private static final String NOT_OF_THIS_CLUSTER = "PCE workload (not a container host)";

    private final List<Object> facts = new ArrayList<>();
    private final List<Map.Entry<Shape, JsonNode>> pceObjects = new ArrayList<>();
    private final List<JsonNode> networkObjects = new ArrayList<>();
    private final ClusterSingletons singletons = new ClusterSingletons();
    private final Set<Shape> shapesRead = EnumSet.noneOf(Shape.class);
    private final Set<Shape> shapesBroken = EnumSet.noneOf(Shape.class);
    private final Map<Shape, List<String>> incomplete = new java.util.EnumMap<>(Shape.class);
    private final Map<String, SourceObject> sources = new java.util.HashMap<>();
    /** The snapshot as named by the caller, so that source paths are relative to where it was named from. */
    private Path named;
    private boolean locating = true;
    private Progress progress = Progress.NONE;
    private int fileIndex;
    private int fileCount;
    private long objectsRead;
    private final Map<String, Integer> skipped = new TreeMap<>();
    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, String> unreadable = new TreeMap<>();
    private final Set<String> readByCollection = new TreeSet<>();
    private final Set<String> waiverKeys = new java.util.HashSet<>();
    /** Files (or documents) holding only an empty list without a kind: said in one note, however many. */
    private final List<String> emptyListFiles = new ArrayList<>();
    private final ObjectMapping mapping = new ObjectMapping(readByCollection, unreadable, notes);
    private final LeanTree tree;
    private Path root;

    private SnapshotLoader(boolean lean) {
        this.tree = new LeanTree(lean);
    }

    /**
     * SnakeYAML refuses a document past 3 MiB by default; {@code kubectl get pods -A -o yaml} of 700 pods is one
     * document past that. Memory follows the facts kept, so the size of a document needs no limit of its own.
     */
    private static LoaderOptions unboundedDocuments() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(Integer.MAX_VALUE);
        return options;
    }

    /** Reads one snapshot. A loader is used once. */
    public static Snapshot load(Path directory) {
        return new SnapshotLoader(true).read(directory, directory.toString());
    }

    /** Files read so far, for a progress line: called before each file and once at the end (file null). */
    public interface Progress {
        Progress NONE = (done, total, file) -> { };

        void read(int done, int total, String file);
    }

    /** Reads one snapshot, telling its progress file by file. */
    public static Snapshot load(Path directory, Progress progress) {
        SnapshotLoader loader = new SnapshotLoader(true);
        loader.progress = progress;
        return loader.read(directory, directory.toString());
    }

    /** Reads a snapshot that reports itself under another name than its (temporary) path. */
    public static Snapshot load(Path directory, String source) {
        SnapshotLoader loader = new SnapshotLoader(true);
        loader.locating = false; // its files are temporary: no finding can point into them
        return loader.read(directory, source);
    }

    /** With every object read whole: for the test that checks {@link LeanTree} drops nothing a fact needs. */
    static Snapshot loadFullTrees(Path directory) {
        return new SnapshotLoader(false).read(directory, directory.toString());
    }

    private JsonNode tree(JsonParser parser) throws IOException {
        return tree.read(parser);
    }

    private Snapshot read(Path directory, String source) {
        if (!Files.exists(directory)) {
            throw new SnapshotException("snapshot not found: " + directory);
        }
        root = Files.isDirectory(directory) ? directory : directory.getParent();
        named = directory;
        List<Path> files = files(directory);
        for (int i = 0; i < files.size(); i++) {
            fileIndex = i;
            fileCount = files.size();
            progress.read(i, files.size(), relative(files.get(i)));
            readFile(files.get(i));
        }
        progress.read(files.size(), files.size(), null);
        Path own = directory.toAbsolutePath().normalize().getFileName();
        return finish(own == null ? "snapshot" : own.toString(), source, files.size());
    }

    /** The JSON and YAML files below the directory; a file or directory that cannot be opened is a problem. */
    private List<Path> files(Path directory) {
        if (Files.isRegularFile(directory)) {
            return List.of(directory);
        }
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile() && readable(file)) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    problems.add(relative(file) + ": cannot be read (" + e.getClass().getSimpleName() + ")"
                            + "; what it holds is missing from the snapshot");
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.sort(null);
        return files;
    }

    private static JsonFactory factory(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json") ? JSON : YAML;
    }

    private static boolean readable(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".json") || name.endsWith(".yaml") || name.endsWith(".yml");
    }

    private void readFile(Path file) {
        FileBatch batch = new FileBatch(relative(file));
        try (JsonParser parser = factory(file).createParser(file.toFile())) {
            JsonToken token;
            int documents = 0;
            while ((token = parser.nextToken()) != null) {
                tree.newDocument();
                if (token == JsonToken.START_OBJECT) {
                    readObjectDocument(parser, batch);
                    documents++;
                } else if (token == JsonToken.START_ARRAY) {
                    readArray(parser, batch);
                    documents++;
                } else if (token != JsonToken.VALUE_NULL && !(factory(file) == YAML && parser.getText().isEmpty())) {
                    // An empty YAML document (helm template writes them) reads as "" or null; anything else is no data.
                    batch.problem(parser.currentTokenLocation(), "expected an object or a list, found " + Found.of(parser));
                }
            }
            if (documents == 0 && batch.problems.isEmpty()) {
                batch.problem("holds no object or list (the file is empty, or only null)");
            }
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            problems.add(relative(file) + ":" + (at == null ? "?" : at.getLineNr() + ":" + at.getColumnNr()) + ": "
                    + ParseMessages.of(e));
            shapesBroken.addAll(batch.shapes);
            return;
        } catch (IOException | RuntimeException e) {
            problems.add(relative(file) + ": " + e.getMessage());
            shapesBroken.addAll(batch.shapes);
            return;
        }
        keep(batch, locating ? shownPath(file) : null, targets -> locate(() -> factory(file).createParser(file.toFile()),
                targets));
    }

    /** Where the targets' wrong fields are, the input read again once; none found when it cannot be read. */
    private static Map<FieldLocator.Target, Map<String, JsonLocation>> locate(FieldLocator.Reopen input,
                                                                             List<FieldLocator.Target> targets) {
        if (targets.isEmpty()) {
            return Map.of();
        }
        try {
            return FieldLocator.locate(input, targets);
        } catch (IOException e) {
            return Map.of();
        }
    }

    /**
     * The documents of a request body, the parser on the "documents" array's start: each document a file of its
     * own, named documents[n] (n from 0), with positions in the body. Never written to disk, nor parsed twice.
     *
     * @param body   the whole body, read again only to locate wrong fields
     * @param name   the snapshot's name, the cluster's when the PCE names none
     * @param source what the snapshot is called, its number of documents added
     * @throws NotADocument for an element that is neither an object nor an array
     */
    public static Snapshot loadDocuments(JsonParser parser, byte[] body, String name, String source)
            throws IOException {
        SnapshotLoader loader = new SnapshotLoader(true);
        loader.locating = false;
        com.fasterxml.jackson.core.JsonStreamContext documents = parser.getParsingContext();
        List<FileBatch> batches = new ArrayList<>();
        int count = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (!token.isStructStart()) {
                throw new NotADocument(count);
            }
            FileBatch batch = new FileBatch("documents[" + count + "]");
            loader.tree.newDocument();
            try {
                if (token == JsonToken.START_OBJECT) {
                    loader.readObjectDocument(parser, batch);
                } else {
                    loader.readArray(parser, batch);
                }
                batches.add(batch);
            } catch (RuntimeException e) {
                // As a file that cannot be read: this document is left out, said, and the others are read.
                loader.problems.add(batch.file + ": " + e.getMessage());
                loader.shapesBroken.addAll(batch.shapes);
                while (parser.getParsingContext() != documents) {
                    parser.nextToken();
                }
            }
            count++;
        }
        // Wrong fields are placed in one more pass over the body for all documents, not one per document.
        List<FieldLocator.Target> targets = batches.stream().flatMap(b -> targets(b).stream()).toList();
        Map<FieldLocator.Target, Map<String, JsonLocation>> found = locate(() -> JSON.createParser(body), targets);
        batches.forEach(batch -> loader.keep(batch, null, wanted -> found));
        return loader.finish(name, source + " (" + count + " documents)", count);
    }

    /** An element of a request's documents that is no object or array. */
    public static final class NotADocument extends IllegalArgumentException {
        private final int index;

        NotADocument(int index) {
            super("each document must be an object or an array");
            this.index = index;
        }

        public int index() {
            return index;
        }
    }

    /**
     * A file read whole: its facts count (a waiver annotation once, however many objects repeat it).
     *
     * @param shown  the path findings show for its objects, or null when none can point into it
     * @param locate where the wrong fields of its unread objects are
     */
    private void keep(FileBatch batch, String shown, Locate locate) {
        for (Object fact : batch.facts) {
            if (!(fact instanceof io.caveat.model.WaiverAnnotation waiver)
                    || waiverKeys.add(waiver.key() + waiver.rules() + waiver.reason())) {
                facts.add(fact);
            }
        }
        pceObjects.addAll(batch.deferred);
        for (var entry : batch.deferred) {
            if (entry.getKey() == Shape.NETWORK_CONFIG || entry.getKey() == Shape.NETWORK_OPERATOR) {
                singletons.network(entry.getKey(), entry.getValue(), batch.file);
            }
        }
        batch.identities.forEach(id -> singletons.seen(id.getKey(), id.getValue(), batch.file));
        shapesRead.addAll(batch.shapes);
        batch.sources.forEach((subject, at) -> sources.putIfAbsent(subject, new SourceObject(
                shown == null ? null : new io.caveat.model.SourceLocation(shown, (int) (long) at.getKey()),
                at.getValue())));
        batch.skipped.forEach((k, v) -> skipped.merge(k, v, Integer::sum));
        shapesBroken.addAll(batch.broken);
        unread(batch, locate);
        batch.problems.sort(FileBatch.Problem.IN_FILE_ORDER);
        batch.problems.forEach(p -> problems.add(p.text()));
        if (batch.emptyLists > 0 && batch.shapes.isEmpty()) {
            emptyListFiles.add(batch.file);
        }
    }

    /**
     * The objects of a file that gave no fact for a wrong field: each a problem at the field's position, and its
     * kind partly provided.
     */
    /** Finds where the wrong fields of some objects are: the targets to their fields' positions. */
    private interface Locate {
        Map<FieldLocator.Target, Map<String, JsonLocation>> positions(List<FieldLocator.Target> targets);
    }

    /** The unread objects of a batch as what {@link FieldLocator} looks for. */
    private static List<FieldLocator.Target> targets(FileBatch batch) {
        return batch.unread.stream().map(u -> new FieldLocator.Target(u.at(),
                u.fields().stream().map(FieldTypes.Problem::path).collect(java.util.stream.Collectors.toSet())))
                .toList();
    }

    private void unread(FileBatch batch, Locate locate) {
        for (JsonLocation at : batch.untold) {
            batch.shapes.forEach(shape -> incomplete.computeIfAbsent(shape, s -> new ArrayList<>())
                    .add(batch.file + ":" + at.getLineNr() + ":" + at.getColumnNr()));
        }
        if (batch.unread.isEmpty()) {
            return;
        }
        List<FieldLocator.Target> targets = targets(batch);
        Map<FieldLocator.Target, Map<String, JsonLocation>> found = locate.positions(targets);
        for (int i = 0; i < targets.size(); i++) {
            FileBatch.Unread u = batch.unread.get(i);
            Map<String, JsonLocation> positions = found.getOrDefault(targets.get(i), Map.of());
            JsonLocation first = positions.getOrDefault(u.fields().get(0).path(), u.at());
            batch.problem(first, u.who() + ": " + String.join("; ", u.fields().stream()
                    .map(FieldTypes.Problem::text).toList()) + " (the object is left out)");
            incomplete.computeIfAbsent(u.shape(), s -> new ArrayList<>())
                    .add(batch.file + ":" + first.getLineNr() + ":" + first.getColumnNr());
        }
    }

    /** A top-level object: a list (its items streamed one by one) or a single object. */
    private void readObjectDocument(JsonParser parser, FileBatch batch) throws IOException {
        JsonLocation start = parser.currentTokenLocation();
        ObjectNode head = MAPPER.createObjectNode();
        boolean list = false;
        int items = 0;
        List<Map.Entry<JsonNode, JsonLocation>> kindless = new ArrayList<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("items".equals(field) && value == JsonToken.START_ARRAY) {
                list = true;
                items += readItems(parser, Json.text(head, "kind"), batch, kindless);
            } else if ("items".equals(field)) {
                // Only lists have items at the top: "items: null" is a list that lost them, not an empty one.
                batch.problem(parser.currentTokenLocation(), "field items: expected a list, found " + Found.of(parser));
                parser.skipChildren();
                list = true;
                items = -1;
            } else {
                head.set(field, tree(parser));
            }
        }
        // Lists written with sorted keys (sigs.k8s.io/yaml) put "kind" after "items": only now can the
        // items that did not say what they are be told.
        kindless.forEach(item -> mapping.accept(item.getKey(), Json.text(head, "kind"), batch, item.getValue()));
        if (!list) {
            mapping.accept(head, null, batch, start);
        } else if (items < 0) {
            Shape shape = Shape.of(MAPPER.createObjectNode(), Json.text(head, "kind"));
            if (shape != null && shape.provides().size() > 0) {
                batch.broken.add(shape);
            }
        } else if (items == 0) {
            Shape shape = Shape.of(MAPPER.createObjectNode(), Json.text(head, "kind"));
            if (shape != null && shape != Shape.OTHER) {
                batch.shapes.add(shape);
            } else {
                batch.emptyLists++;
            }
        }
    }

    /** The items of a list; those that cannot be told without the list's kind wait for it in kindless. */
    private int readItems(JsonParser parser, String listKind, FileBatch batch,
                          List<Map.Entry<JsonNode, JsonLocation>> kindless) throws IOException {
        int count = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == JsonToken.START_OBJECT) {
                JsonLocation at = parser.currentTokenLocation();
                JsonNode item = tree(parser);
                tick(batch);
                if (listKind == null && Shape.of(item, null) == null) {
                    kindless.add(Map.entry(item, at));
                } else {
                    mapping.accept(item, listKind, batch, at);
                }
                count++;
            } else {
                parser.skipChildren();
            }
        }
        return count;
    }

    /** Every few thousand objects of a big file, its progress. */
    private void tick(FileBatch batch) {
        if (++objectsRead % 5000 == 0) {
            progress.read(fileIndex, fileCount, batch.file + " (" + objectsRead + " objects read)");
        }
    }

    /** A top-level array: a PCE collection as the API returns it. */
    private void readArray(JsonParser parser, FileBatch batch) throws IOException {
        int count = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == JsonToken.START_OBJECT) {
                JsonLocation at = parser.currentTokenLocation();
                tick(batch);
                mapping.accept(tree(parser), null, batch, at);
                count++;
            } else {
                parser.skipChildren();
            }
        }
        if (count == 0) {
            batch.emptyLists++;
        }
    }

    /** @param name the snapshot's own name (its directory's): the cluster's when the PCE names none */
    private Snapshot finish(String name, String source, int fileCount) {
        if (!emptyListFiles.isEmpty()) {
            notes.add(emptyListFiles.size() == 1
                    ? emptyListFiles.get(0) + ": holds only an empty list without a kind; what it lists cannot be told"
                    : emptyListFiles.size() + " files hold only an empty list without a kind, so what they list cannot"
                    + " be told: " + String.join(", ", emptyListFiles.subList(0, Math.min(SHOWN_PLACES,
                    emptyListFiles.size()))) + (emptyListFiles.size() > SHOWN_PLACES ? ", ..." : ""));
        }
        List<Object> all = new ArrayList<>(facts);
        facts.clear();
        List<Map.Entry<Shape, JsonNode>> pce = new ArrayList<>();
        for (var entry : pceObjects) {
            if (entry.getKey() == Shape.NETWORK_CONFIG || entry.getKey() == Shape.NETWORK_OPERATOR) {
                networkObjects.add(entry.getValue());
            } else {
                pce.add(entry);
            }
        }
        pce = PolicyVersions.choose(pce, notes);
        PceFacts converter = new PceFacts(new NodeNames(all));
        pce.forEach(e -> converter.learn(e.getKey(), e.getValue()));
        for (var e : pce) {
            if (!converter.convert(e.getKey(), e.getValue(), all::add)) {
                skipped.merge(e.getKey() == Shape.PCE_WORKLOAD ? NOT_OF_THIS_CLUSTER
                        : ObjectMapping.otherKind(e.getValue()), 1, Integer::sum);
            }
        }
        Set<String> provided = provided();
        if (!singletons.conflicts().isEmpty()) {
            // Never merged: the network objects of several clusters would make one Cluster of none of them.
            String why = "not judged: the snapshot holds at least " + singletons.clusters() + " clusters: "
                    + String.join("; ", singletons.conflicts()) + "; caveat judges one cluster per snapshot: give "
                    + "each cluster's files a directory of their own";
            notes.add(why);
            unreadable.put("Cluster", why);
            networkObjects.clear();
        }
        boolean networkKnown = FactDerivation.derive(all, networkObjects, name, notes, provided);
        // The Cluster fact is always built; it counts as read when its platform and network are known.
        if (networkKnown && !unreadable.containsKey("Cluster")) {
            provided.add("Cluster");
        }
        // Plain VENs count as read only when the export holds workloads outside container clusters: a list of the
        // cluster's own workloads (what a live collection asks for) says nothing about them.
        if (skipped.containsKey(NOT_OF_THIS_CLUSTER)
                || all.stream().anyMatch(io.caveat.model.VenWorkload.class::isInstance)) {
            provided.add("VenWorkload");
        }
        return new Snapshot(all, new SnapshotSummary(source, fileCount, counts(all),
                List.copyOf(provided), skipped, problems, notes, unreadable, incomplete(provided)), sources);
    }

    /** Fact kinds whose source was read completely (a kind touched by a broken file is not provided). */
    private Set<String> provided() {
        Set<String> kinds = new TreeSet<>();
        for (Shape shape : shapesRead) {
            if (!shapesBroken.contains(shape)) {
                kinds.addAll(shape.provides());
            }
        }
        kinds.addAll(readByCollection);
        // What a live collection could not read is not there, even if some of it was written before it failed.
        kinds.removeAll(unreadable.keySet());
        return kinds;
    }

    /** Provided kinds that lack objects which could not be read: "2 objects could not be read: a.json:3:9, ...". */
    private Map<String, String> incomplete(Set<String> provided) {
        Map<String, String> kinds = new TreeMap<>();
        incomplete.forEach((shape, where) -> {
            String why = where.size() + (where.size() == 1 ? " object" : " objects") + " could not be read: "
                    + String.join(", ", where.subList(0, Math.min(where.size(), SHOWN_PLACES)))
                    + (where.size() > SHOWN_PLACES ? " and " + (where.size() - SHOWN_PLACES) + " more" : "");
            shape.provides().stream().filter(provided::contains).forEach(kind -> kinds.merge(kind, why,
                    (a, b) -> a + "; " + b));
        });
        return kinds;
    }

    private static Map<String, Integer> counts(List<Object> facts) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Object fact : facts) {
            counts.merge(fact.getClass().getSimpleName(), 1, Integer::sum);
        }
        return counts;
    }

    /** A file as findings locate it: under the snapshot as it was named ("k8s/deploy.yaml"), "/" separated. */
    private String shownPath(Path file) {
        Path shown = Files.isDirectory(named) ? named.resolve(root.relativize(file)) : named;
        return shown.normalize().toString().replace(java.io.File.separatorChar, '/');
    }

    private String relative(Path file) {
        return root == null ? file.toString() : root.relativize(file).toString();
    }
}
