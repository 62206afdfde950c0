package io.caveat.engine;

import io.caveat.model.Fact;
import io.caveat.model.Messages;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A finding's wording written in the rule (@message) with placeholders filled from the match, so that wording
 * changes never touch Java:
 * <ul>
 * <li>{$svc.name}: the field of a bound fact; {$svc}: its key; {$cfg.data.someKey}: a key of a map field;</li>
 * <li>{$ports.portProtocol}: the field of every element of a collected list, sorted and shortened;</li>
 * <li>{$pods|count:pod}: "3 pods" (of a list, a number, or one fact); {$reach.pods|sum:pod}: the numbers added up;</li>
 * <li>{$masters|or:none known}: the text after "or:" when the value is empty;</li>
 * <li>{$reach.summary|join:; }: a list joined by the text after "join:" instead of ", ", never shortened;</li>
 * <li>{#$hosts}...{/$hosts}: the text between, only when the value is not empty (a non-empty list, true, a fact),
 * and {^$hosts}...{/$hosts}: only when it is; sections may hold placeholders and other sections.</li>
 * </ul>
 */
final class MessageTemplate {
    private static final String PATH = "(\\$\\w+)((?:\\.\\w+)*)";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{" + PATH
            + "(?:\\|(?:count:(\\w+(?: \\w+)*)|sum:(\\w+(?: \\w+)*)|or:([^{}]*)|join:([^{}]*)))?}");
    private static final Pattern SECTION = Pattern.compile("\\{([#^])" + PATH + "}");
    private static final Pattern CLOSE = Pattern.compile("\\{/" + PATH + "}");
    private static final Pattern ANY = Pattern.compile("\\{[#^/]?" + PATH);

    private MessageTemplate() {
    }

    /** The bound names a template uses that the rule does not bind: each is a compile error. */
    static List<String> unbound(String template, Set<String> bound) {
        return ANY.matcher(template).results().map(m -> m.group(1)).filter(name -> !bound.contains(name))
                .distinct().toList();
    }

    /**
     * Mistakes said at compile time, like an unbound name: a "{$" that is no placeholder or section (a misspelt
     * filter, a brace in an |or: text), a section not closed or closed without being opened.
     */
    static List<String> mistakes(String template) {
        List<String> problems = new ArrayList<>();
        Matcher start = Pattern.compile("\\{[#^/]?\\$").matcher(template);
        while (start.find()) {
            int at = start.start();
            boolean known = PLACEHOLDER.matcher(template).region(at, template.length()).lookingAt()
                    || SECTION.matcher(template).region(at, template.length()).lookingAt()
                    || CLOSE.matcher(template).region(at, template.length()).lookingAt();
            if (!known) {
                int end = template.indexOf('}', at);
                problems.add("'" + template.substring(at, end < 0 ? Math.min(template.length(), at + 30) : end + 1)
                        + "' is no placeholder: write {$x}, {$x.field}, {$x|count:noun}, {$x|sum:noun}, {$x|or:text"
                        + " without braces}, {$x|join:text} or a section {#$x}...{/$x}");
            }
        }
        List<String> open = new ArrayList<>();
        Matcher m = Pattern.compile("\\{([#^/])(\\$\\w+(?:\\.\\w+)*)}").matcher(template);
        while (m.find()) {
            if (!m.group(1).equals("/")) {
                open.add(m.group(2));
            } else if (open.isEmpty() || !open.get(open.size() - 1).equals(m.group(2))) {
                problems.add("{/" + m.group(2) + "} closes no open section");
            } else {
                open.remove(open.size() - 1);
            }
        }
        open.forEach(name -> problems.add("{#" + name + "} (or {^" + name + "}) is never closed with {/" + name + "}"));
        return problems;
    }

    /** The message, each section kept or dropped and each placeholder replaced by the value of the match. */
    static String fill(String template, Function<String, Object> declarations) {
        return placeholders(sections(template, declarations), declarations);
    }

    private static String sections(String template, Function<String, Object> declarations) {
        Matcher m = SECTION.matcher(template);
        if (!m.find()) {
            return template;
        }
        String close = "{/" + m.group(2) + m.group(3) + "}";
        int end = closing(template, m.end(), m.group(2) + m.group(3), close);
        if (end < 0) {
            return template;
        }
        Object value = value(m.group(2), m.group(3), declarations);
        if (value instanceof Unknown unknown) {
            // A section on a field the fact does not have shows the mistake, never silently one of its texts.
            return template.substring(0, m.start()) + unknown
                    + sections(template.substring(end + close.length()), declarations);
        }
        boolean shown = present(value) == m.group(1).equals("#");
        String inner = shown ? template.substring(m.end(), end) : "";
        return template.substring(0, m.start()) + sections(inner, declarations)
                + sections(template.substring(end + close.length()), declarations);
    }

    /** Where the section opened before {@code from} closes, past sections of the same name nested in it. */
    private static int closing(String template, int from, String name, String close) {
        Matcher opens = Pattern.compile("\\{[#^]" + Pattern.quote(name) + "}").matcher(template);
        int depth = 1;
        int at = from;
        while (true) {
            int next = template.indexOf(close, at);
            if (next < 0) {
                return -1;
            }
            depth += (int) opens.region(at, next).results().count();
            if (--depth == 0) {
                return next;
            }
            at = next + close.length();
        }
    }

    /** One placeholder of a template: where it is, and its groups (declaration, path, count, sum, or, join). */
    private record Placeholder(int start, int end, String name, String path, String count, String sum, String or,
                               String join) {
    }

    /**
     * Templates cut into their placeholders, once each: a message is filled for every finding. Bounded, as the
     * texts left by sections vary with the facts; past the bound it starts again.
     */
    private static final Map<String, List<Placeholder>> PARSED = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int PARSED_MAX = 4096;

    private static List<Placeholder> parse(String template) {
        List<Placeholder> parts = new java.util.ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            parts.add(new Placeholder(m.start(), m.end(), m.group(1), m.group(2), m.group(3), m.group(4), m.group(5),
                    m.group(6)));
        }
        return List.copyOf(parts);
    }

    private static String placeholders(String template, Function<String, Object> declarations) {
        if (PARSED.size() > PARSED_MAX) {
            PARSED.clear();
        }
        StringBuilder out = new StringBuilder(template.length() + 64);
        int at = 0;
        for (Placeholder p : PARSED.computeIfAbsent(template, MessageTemplate::parse)) {
            Object value = value(p.name(), p.path(), declarations);
            out.append(template, at, p.start()).append(p.count() != null ? Messages.count(count(value), p.count())
                    : p.sum() != null ? Messages.count(sum(value), p.sum())
                    : p.or() != null && !present(value) ? p.or()
                    : p.join() != null && value instanceof Collection<?> items ? join(items, p.join())
                    : render(value));
            at = p.end();
        }
        return out.append(template, at, template.length()).toString();
    }

    private static Object value(String name, String path, Function<String, Object> declarations) {
        Object value = declarations.apply(name);
        for (String field : path.isEmpty() ? new String[0] : path.substring(1).split("\\.")) {
            // A field that is itself a collection (each pod's hostPorts) joins its elements into one list.
            value = value instanceof Collection<?> items
                    ? items.stream().map(item -> read(item, field)).filter(java.util.Objects::nonNull)
                    .flatMap(v -> v instanceof Collection<?> inner ? inner.stream() : Stream.of(v))
                    .toList() : read(value, field);
        }
        return value;
    }

    /** Empty: null, false, "", an empty list or map. */
    private static boolean present(Object value) {
        return !(value == null || Boolean.FALSE.equals(value) || "".equals(value)
                || value instanceof Collection<?> items && items.isEmpty() || value instanceof Map<?, ?> map && map.isEmpty());
    }

    /** A list counts its elements, a number is the count, one fact is one. */
    private static int count(Object value) {
        if (value instanceof Collection<?> items) {
            return items.size();
        }
        return value instanceof Number n ? n.intValue() : value == null ? 0 : 1;
    }

    private static int sum(Object value) {
        if (value instanceof Collection<?> items) {
            return items.stream().mapToInt(MessageTemplate::sum).sum();
        }
        return value instanceof Number n ? n.intValue() : 0;
    }

    /** Sorted and distinct like a list, joined by the template's own separator and never cut. */
    private static String join(Collection<?> items, String separator) {
        return items.stream().map(MessageTemplate::render).distinct().sorted()
                .collect(java.util.stream.Collectors.joining(separator));
    }

    private static String render(Object value) {
        if (value == null) {
            return "none";
        }
        if (value instanceof Collection<?> items) {
            return Messages.list(items.stream().map(MessageTemplate::render).toList());
        }
        return value instanceof Fact fact ? fact.key() : DerivedFacts.isDerived(value) ? DerivedFacts.key(value)
                : value.toString();
    }

    /** A field the fact does not have: reads "{field?}", which a scenario catches. */
    private record Unknown(String field) {
        @Override
        public String toString() {
            return "{" + field + "?}";
        }
    }

    /**
     * A map's key, a record component, a no-argument method such as portProtocol(), or a declared fact's getter;
     * "{field?}" when there is none.
     */
    private static Object read(Object target, String field) {
        if (target == null) {
            return null;
        }
        if (target instanceof Map<?, ?> map) {
            return map.get(field);
        }
        Method accessor = ACCESSORS.get(target.getClass()).computeIfAbsent(field, f -> accessor(target.getClass(), f))
                .orElse(null);
        if (accessor == null) {
            return new Unknown(field);
        }
        try {
            return accessor.invoke(target);
        } catch (ReflectiveOperationException e) {
            return new Unknown(field);
        }
    }

    /**
     * Each class's accessors by field, found once: every finding's message reads them, and trying the spellings
     * (a miss throws) cost more than the rest of filling it. A ClassValue keeps them in the class itself, so that
     * a replaced knowledge base's classes go with their accessors.
     */
    private static final ClassValue<Map<String, java.util.Optional<Method>>> ACCESSORS = new ClassValue<>() {
        @Override
        protected Map<String, java.util.Optional<Method>> computeValue(Class<?> type) {
            return new java.util.concurrent.ConcurrentHashMap<>();
        }
    };

    /** The no-argument method a field reads through, if the class has one. */
    private static java.util.Optional<Method> accessor(Class<?> type, String field) {
        String capitalized = field.substring(0, 1).toUpperCase(Locale.ROOT) + field.substring(1);
        for (String name : List.of(field, "get" + capitalized, "is" + capitalized)) {
            try {
                return java.util.Optional.of(type.getMethod(name));
            } catch (NoSuchMethodException e) {
                // try the next spelling
            }
        }
        return java.util.Optional.empty();
    }
}
