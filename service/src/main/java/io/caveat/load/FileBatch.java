package io.caveat.load;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one file yielded. It is kept only when the whole file parsed: a file that breaks half-way must not pass
 * for a complete list of pods.
 */
final class FileBatch {
    /** The file, as problems name it (relative to the snapshot). */
    final String file;
    final List<Object> facts = new ArrayList<>();
    final List<Map.Entry<Shape, JsonNode>> deferred = new ArrayList<>();
    final Set<Shape> shapes = EnumSet.noneOf(Shape.class);
    /** Shapes of which a whole list was lost (items: null): not provided, whatever else was read. */
    final Set<Shape> broken = EnumSet.noneOf(Shape.class);
    final Map<String, Integer> skipped = new LinkedHashMap<>();
    /** Mistakes that cost only a part of the file (one object, one field), each "file[:line:column]: what". */
    final List<Problem> problems = new ArrayList<>();
    /** Cluster-scoped objects' identities ("node 'worker-1'" -> "uid ..."): the same one twice mixes clusters. */
    final List<Map.Entry<String, String>> identities = new ArrayList<>();
    int emptyLists;
    /** Kubernetes objects by subject (Kind/namespace/name), with the line they start on and their labels. */
    final Map<String, Map.Entry<Long, Map<String, String>>> sources = new LinkedHashMap<>();

    void source(String kind, String namespace, String name, Map<String, String> labels, JsonLocation at) {
        sources.putIfAbsent(new io.caveat.model.Subject(kind, namespace, name).toString(),
                Map.entry((long) at.getLineNr(), labels));
    }

    FileBatch(String file) {
        this.file = file;
    }

    void skip(String what) {
        skipped.merge(what, 1, Integer::sum);
    }

    /** A problem with where it is, so that a file's problems are listed in its order (line 0: the whole file). */
    record Problem(long line, long column, String text) {
        static final java.util.Comparator<Problem> IN_FILE_ORDER = java.util.Comparator.comparingLong(Problem::line)
                .thenComparingLong(Problem::column);
    }

    void problem(String what) {
        problems.add(new Problem(0, 0, file + ": " + what));
    }

    void problem(JsonLocation at, String what) {
        problem(at.getLineNr(), at.getColumnNr(), what);
    }

    void problem(long line, long column, String what) {
        problems.add(new Problem(line, column, file + ":" + line + ":" + column + ": " + what));
    }

    /** An object whose fields are wrong: it gives no fact, and its kind counts as partly provided. */
    record Unread(Shape shape, String who, JsonLocation at, List<FieldTypes.Problem> fields) {
    }

    final List<Unread> unread = new ArrayList<>();
    /** Objects that could not be told (an href that is a number): the file's other kinds count as partly read. */
    final List<JsonLocation> untold = new ArrayList<>();

    void unreadObject(Shape shape, JsonNode object, JsonLocation at, List<FieldTypes.Problem> fields) {
        unread.add(new Unread(shape, ObjectMapping.who(shape, object), at, fields));
    }
}
