package io.caveat.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A Kubernetes label selector as kubectl -l takes it: requirements joined by commas, each {@code key},
 * {@code !key}, {@code key=value}, {@code key==value}, {@code key!=value}, {@code key in (a,b)} or
 * {@code key notin (a,b)}. As in Kubernetes, {@code !=} and {@code notin} also match objects without the key.
 */
public final class LabelSelector implements Predicate<Map<String, String>> {
    private static final Pattern SET = Pattern.compile("\\s*([^\\s!=,()]+)\\s+(in|notin)\\s*\\(([^)]*)\\)\\s*");
    private static final Pattern EQUALITY = Pattern.compile("\\s*([^\\s!=,()]+)\\s*(==|=|!=)\\s*([^\\s!=,()]*)\\s*");
    private static final Pattern EXISTS = Pattern.compile("\\s*(!?)\\s*([^\\s!=,()]+)\\s*");

    private final String text;
    private final List<Predicate<Map<String, String>>> requirements;

    private LabelSelector(String text, List<Predicate<Map<String, String>>> requirements) {
        this.text = text;
        this.requirements = requirements;
    }

    /** @throws IllegalArgumentException naming the requirement that does not parse */
    public static LabelSelector parse(String text) {
        List<Predicate<Map<String, String>>> requirements = new ArrayList<>();
        for (String part : split(text)) {
            requirements.add(requirement(part));
        }
        return new LabelSelector(text, requirements);
    }

    @Override
    public boolean test(Map<String, String> labels) {
        return requirements.stream().allMatch(r -> r.test(labels));
    }

    @Override
    public String toString() {
        return text;
    }

    private static Predicate<Map<String, String>> requirement(String part) {
        Matcher set = SET.matcher(part);
        if (set.matches()) {
            String key = set.group(1);
            Set<String> values = Arrays.stream(set.group(3).split(",")).map(String::strip)
                    .filter(v -> !v.isEmpty()).collect(Collectors.toSet());
            return "in".equals(set.group(2)) ? labels -> values.contains(labels.get(key))
                    : labels -> !values.contains(labels.get(key));
        }
        Matcher equality = EQUALITY.matcher(part);
        if (equality.matches()) {
            String key = equality.group(1);
            String value = equality.group(3);
            return "!=".equals(equality.group(2)) ? labels -> !value.equals(labels.get(key))
                    : labels -> value.equals(labels.get(key));
        }
        Matcher exists = EXISTS.matcher(part);
        if (exists.matches()) {
            String key = exists.group(2);
            return exists.group(1).isEmpty() ? labels -> labels.containsKey(key) : labels -> !labels.containsKey(key);
        }
        throw new IllegalArgumentException("not a label selector requirement: '" + part.strip() + "' (expected key, "
                + "!key, key=value, key!=value, key in (a,b) or key notin (a,b))");
    }

    /** The requirements: commas inside parentheses belong to a set. */
    private static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        if (parts.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("an empty requirement in the label selector '" + text + "'");
        }
        return parts;
    }
}
