package io.caveat.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The manifest a live collection writes into its snapshot (manifest.json): when and from where it was taken,
 * and which kinds could not be read, so that an offline evaluation later says why a rule was not evaluated.
 */
public final class SnapshotManifest {
    /** The top-level field that marks a manifest. */
    public static final String FIELD = "caveatSnapshot";

    private SnapshotManifest() {
    }

    /**
     * @param read       fact kinds the collection read completely (an empty PCE collection cannot be told from
     *                   its file, but the manifest knows)
     * @param unreadable fact kinds it could not read, with why
     */
    static void read(JsonNode manifest, java.util.Set<String> read, Map<String, String> unreadable,
                     List<String> notes) {
        JsonNode body = manifest.get(FIELD);
        String taken = Json.text(body, "createdAt");
        if (taken != null) {
            notes.add("collected live at " + taken + Json.textOr(body, " from context ", "kubernetes", "context")
                    + Json.textOr(body, " and PCE ", "pce", "url"));
        }
        Json.elements(body, "read").forEach(kind -> read.add(kind.asText()));
        for (JsonNode entry : Json.elements(body, "unreadable")) {
            String reason = Json.text(entry, "reason");
            for (JsonNode kind : Json.elements(entry, "kinds")) {
                unreadable.put(kind.asText(), "the live collection could not read it: " + reason);
            }
        }
    }
}
