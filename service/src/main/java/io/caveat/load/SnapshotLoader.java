package io.caveat.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.caveat.model.SnapshotSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Reads a snapshot directory: every JSON and YAML file below it, whatever its name, streamed object by object
 * so that memory follows the facts kept, not the size of the files. Three steps: read (here: files, documents,
 * lists, what broke), map (each object into facts: {@link ObjectMapping}, then the PCE's with {@link PceFacts}
 * once all is read), derive (what needs the whole snapshot: {@link FactDerivation}).
 */
public final class SnapshotLoader {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory JSON = new JsonFactory();
    private static final YAMLFactory YAML = new YAMLFactory();

    /** What the skipped-objects note calls a PCE workload that is neither a container host nor one of the nodes. */
    private static final String NOT_OF_THIS_CLUSTER = "PCE workload (not a container host)";

    private final List<Object> facts = new ArrayList<>();
    private final List<Map.Entry<Shape, JsonNode>> pceObjects = new ArrayList<>();
    private final List<JsonNode> networkObjects = new ArrayList<>();
    private final ClusterSingletons singletons = new ClusterSingletons();
    private final Set<Shape> shapesRead = EnumSet.noneOf(Shape.class);
    private final Set<Shape> shapesBroken = EnumSet.noneOf(Shape.class);
    private final Map<String, Integer> skipped = new TreeMap<>();
    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, String> unreadable = new TreeMap<>();
    private final Set<String> readByCollection = new TreeSet<>();
    private final Set<String> waiverKeys = new java.util.HashSet<>();
    private final ObjectMapping mapping = new ObjectMapping(readByCollection, unreadable, notes);
    private final boolean lean;
    private final LeanTree leanTree = new LeanTree();
    private Path root;

    private SnapshotLoader(boolean lean) {
        this.lean = lean;
    }

    /** Reads one snapshot. A loader is used once. */
    public static Snapshot load(Path directory) {
        return new SnapshotLoader(true).read(directory, directory.toString());
    }

    /** Reads a snapshot that reports itself under another name than its (temporary) path. */
    public static Snapshot load(Path directory, String source) {
        return new SnapshotLoader(true).read(directory, source);
    }

    /** With every object read whole: for the test that checks {@link LeanTree} drops nothing a fact needs. */
    static Snapshot loadFullTrees(Path directory) {
        return new SnapshotLoader(false).read(directory, directory.toString());
    }

    private JsonNode tree(JsonParser parser) throws IOException {
        return lean ? leanTree.read(parser) : MAPPER.readTree(parser);
    }

    private Snapshot read(Path directory, String source) {
        if (!Files.exists(directory)) {
            throw new SnapshotException("snapshot not found: " + directory);
        }
        root = Files.isDirectory(directory) ? directory : directory.getParent();
        List<Path> files = files(directory);
        for (Path file : files) {
            readFile(file);
        }
        return finish(directory, source, files.size());
    }

    private static List<Path> files(Path directory) {
        if (Files.isRegularFile(directory)) {
            return List.of(directory);
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).filter(SnapshotLoader::readable).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean readable(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".json") || name.endsWith(".yaml") || name.endsWith(".yml");
    }

    private void readFile(Path file) {
        FileBatch batch = new FileBatch();
        JsonFactory factory = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json") ? JSON : YAML;
        try (JsonParser parser = factory.createParser(file.toFile())) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.START_OBJECT) {
                    readObjectDocument(parser, batch);
                } else if (token == JsonToken.START_ARRAY) {
                    readArray(parser, batch);
                }
            }
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            problems.add(relative(file) + ":" + (at == null ? "?" : at.getLineNr() + ":" + at.getColumnNr()) + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse("malformed"));
            shapesBroken.addAll(batch.shapes);
            return;
        } catch (IOException | RuntimeException e) {
            problems.add(relative(file) + ": " + e.getMessage());
            shapesBroken.addAll(batch.shapes);
            return;
        }
        keep(file, batch);
    }

    /** A file read whole: its facts count (a waiver annotation once, however many objects repeat it). */
    private void keep(Path file, FileBatch batch) {
        for (Object fact : batch.facts) {
            if (!(fact instanceof io.caveat.model.WaiverAnnotation waiver)
                    || waiverKeys.add(waiver.key() + waiver.rules() + waiver.reason())) {
                facts.add(fact);
            }
        }
        pceObjects.addAll(batch.deferred);
        for (var entry : batch.deferred) {
            if (entry.getKey() == Shape.NETWORK_CONFIG || entry.getKey() == Shape.NETWORK_OPERATOR) {
                singletons.network(entry.getKey(), entry.getValue(), relative(file));
            }
        }
        batch.identities.forEach(id -> singletons.seen(id.getKey(), id.getValue(), relative(file)));
        shapesRead.addAll(batch.shapes);
        batch.skipped.forEach((k, v) -> skipped.merge(k, v, Integer::sum));
        batch.problems.forEach(problem -> problems.add(relative(file) + ": " + problem));
        if (batch.emptyLists > 0 && batch.shapes.isEmpty()) {
            notes.add(relative(file) + ": holds only an empty list without a kind; what it lists cannot be told");
        }
    }

    /** A top-level object: a list (its items streamed one by one) or a single object. */
    private void readObjectDocument(JsonParser parser, FileBatch batch) throws IOException {
        ObjectNode head = MAPPER.createObjectNode();
        boolean list = false;
        int items = 0;
        List<JsonNode> kindless = new ArrayList<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("items".equals(field) && value == JsonToken.START_ARRAY) {
                list = true;
                items += readItems(parser, Json.text(head, "kind"), batch, kindless);
            } else {
                head.set(field, tree(parser));
            }
        }
        // Lists written with sorted keys (sigs.k8s.io/yaml) put "kind" after "items": only now can the
        // items that did not say what they are be told.
        kindless.forEach(item -> mapping.accept(item, Json.text(head, "kind"), batch));
        if (!list) {
            mapping.accept(head, null, batch);
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
    private int readItems(JsonParser parser, String listKind, FileBatch batch, List<JsonNode> kindless)
            throws IOException {
        int count = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == JsonToken.START_OBJECT) {
                JsonNode item = tree(parser);
                if (listKind == null && Shape.of(item, null) == null) {
                    kindless.add(item);
                } else {
                    mapping.accept(item, listKind, batch);
                }
                count++;
            } else {
                parser.skipChildren();
            }
        }
        return count;
    }

    /** A top-level array: a PCE collection as the API returns it. */
    private void readArray(JsonParser parser, FileBatch batch) throws IOException {
        int count = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == JsonToken.START_OBJECT) {
                mapping.accept(tree(parser), null, batch);
                count++;
            } else {
                parser.skipChildren();
            }
        }
        if (count == 0) {
            batch.emptyLists++;
        }
    }

    private Snapshot finish(Path directory, String source, int fileCount) {
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
        boolean networkKnown = FactDerivation.derive(all, networkObjects, directory, notes, provided);
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
                List.copyOf(provided), skipped, problems, notes, unreadable));
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

    private static Map<String, Integer> counts(List<Object> facts) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Object fact : facts) {
            counts.merge(fact.getClass().getSimpleName(), 1, Integer::sum);
        }
        return counts;
    }

    private String relative(Path file) {
        return root == null ? file.toString() : root.relativize(file).toString();
    }
}
