package io.caveat.load;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where in a file the wrong fields of unread objects are. Trees carry no positions, so the file is read again,
 * only when it has such objects, in one pass that stops after the last of them; fields reached through a YAML
 * alias keep their object's position.
 */
final class FieldLocator {
    /** Objects per file whose fields are located; past it, each keeps its object's position. */
    static final int LOCATED_OBJECTS = 100;

    /** An object by where it starts, with the paths (spec.ports[0].port) wanted in it. */
    record Target(JsonLocation start, Set<String> paths) {
    }

    private FieldLocator() {
    }

    /** Opens the input again, from its start. */
    interface Reopen {
        JsonParser parser() throws IOException;
    }

    /** Each target's paths to their positions; a path not found is missing from its map. */
    static Map<Target, Map<String, JsonLocation>> locate(Reopen input, List<Target> targets) throws IOException {
        List<Target> ordered = targets.stream().limit(LOCATED_OBJECTS)
                .sorted(Comparator.comparingLong((Target t) -> t.start.getLineNr())
                        .thenComparingLong(t -> t.start.getColumnNr())).toList();
        Map<Target, Map<String, JsonLocation>> found = new HashMap<>();
        try (JsonParser parser = input.parser()) {
            int next = 0;
            JsonToken token;
            while (next < ordered.size() && (token = parser.nextToken()) != null) {
                Target target = ordered.get(next);
                JsonLocation at = parser.currentTokenLocation();
                if (token == JsonToken.START_OBJECT && at.getLineNr() == target.start.getLineNr()
                        && at.getColumnNr() == target.start.getColumnNr()) {
                    Map<String, JsonLocation> positions = new HashMap<>();
                    walk(parser, "", target.paths, positions);
                    found.put(target, positions);
                    next++;
                }
            }
        }
        return found;
    }

    /** Reads the container the parser is on, noting where each wanted path's value starts. */
    private static void walk(JsonParser parser, String path, Set<String> wanted, Map<String, JsonLocation> out)
            throws IOException {
        boolean object = parser.currentToken() == JsonToken.START_OBJECT;
        int index = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_OBJECT && token != JsonToken.END_ARRAY) {
            String here;
            if (object) {
                String name = parser.currentName();
                parser.nextToken();
                here = path.isEmpty() ? name : path + "." + name;
            } else {
                here = path + "[" + index++ + "]";
            }
            if (wanted.contains(here)) {
                out.putIfAbsent(here, parser.currentTokenLocation());
            }
            if (parser.currentToken().isStructStart()) {
                if (wanted.stream().anyMatch(w -> w.startsWith(here + ".") || w.startsWith(here + "["))) {
                    walk(parser, here, wanted, out);
                } else {
                    parser.skipChildren();
                }
            }
        }
    }
}
