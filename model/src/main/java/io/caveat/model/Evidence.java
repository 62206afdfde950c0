package io.caveat.model;

import java.util.Map;

/** One fact a rule matched: its kind, its key and its field values. */
public record Evidence(String kind, String key, Map<String, Object> fields) {
}
