package io.caveat.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Versioned policy objects come as draft and/or active. The PCE enforces the active (provisioned) version, so
 * when both are present only active counts; when only draft is present it is used, and the run says so.
 */
final class PolicyVersions {
    private static final Set<Shape> VERSIONED = EnumSet.of(Shape.PCE_RULE_SET, Shape.PCE_RULE,
            Shape.PCE_VIRTUAL_SERVICE, Shape.PCE_LABEL_GROUP, Shape.PCE_IP_LIST);

    private PolicyVersions() {
    }

    static List<Map.Entry<Shape, JsonNode>> choose(List<Map.Entry<Shape, JsonNode>> objects, List<String> notes) {
        Set<Shape> withActive = EnumSet.noneOf(Shape.class);
        Set<Shape> draftOnly = EnumSet.noneOf(Shape.class);
        for (var e : objects) {
            if (VERSIONED.contains(e.getKey()) && isActive(e.getValue())) {
                withActive.add(e.getKey());
            }
        }
        List<Map.Entry<Shape, JsonNode>> kept = objects.stream().filter(e -> {
            if (!VERSIONED.contains(e.getKey()) || isActive(e.getValue())) {
                return true;
            }
            if (withActive.contains(e.getKey())) {
                return false;
            }
            draftOnly.add(e.getKey());
            return true;
        }).toList();
        if (!draftOnly.isEmpty()) {
            notes.add("only draft policy found for " + draftOnly.stream().map(PolicyVersions::label).toList()
                    + ": evaluated as if provisioned; export sec_policy/active to see what the PCE enforces");
        }
        int dropped = objects.size() - kept.size();
        if (dropped > 0) {
            notes.add(dropped + " draft policy objects ignored: the active (provisioned) version is present");
        }
        return kept;
    }

    private static boolean isActive(JsonNode object) {
        String href = Json.text(object, "href");
        return href == null || !href.contains("/sec_policy/draft/");
    }

    private static String label(Shape shape) {
        return shape.name().substring(4).toLowerCase().replace('_', ' ');
    }
}
