package io.caveat.load;

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
    final List<Object> facts = new ArrayList<>();
    final List<Map.Entry<Shape, JsonNode>> deferred = new ArrayList<>();
    final Set<Shape> shapes = EnumSet.noneOf(Shape.class);
    final Map<String, Integer> skipped = new LinkedHashMap<>();
    /** Mistakes inside an object that cost only that object (a kube-proxy document that does not parse). */
    final List<String> problems = new ArrayList<>();
    /** Cluster-scoped objects' identities ("node 'worker-1'" -> "uid ..."): the same one twice mixes clusters. */
    final List<Map.Entry<String, String>> identities = new ArrayList<>();
    int emptyLists;

    void skip(String what) {
        skipped.merge(what, 1, Integer::sum);
    }
}
