package io.caveat.engine;

import io.caveat.model.Fact;
import io.caveat.model.Messages;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A finding's wording written in the rule (@message) with placeholders filled from the match, so that wording
 * changes never touch Java: {$svc.name} is the field of a bound fact, {$ports.portProtocol} the field of every
 * element of a collected list ("8080/TCP, 8080/UDP"), {$pods|count:pod} "3 pods" (of a list, or a number).
 * A fact alone reads as its key.
 */
final class MessageTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\$\\w+)((?:\\.\\w+)*)(?:\\|count:(\\w+(?: \\w+)*))?}");

    private MessageTemplate() {
    }

    /** The bound names a template uses that the rule does not bind: each is a compile error. */
    static List<String> unbound(String template, Set<String> bound) {
        return PLACEHOLDER.matcher(template).results().map(m -> m.group(1)).filter(name -> !bound.contains(name))
                .distinct().toList();
    }

    /** The message, each placeholder replaced by the value of the match's declaration. */
    static String fill(String template, Function<String, Object> declarations) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object value = declarations.apply(m.group(1));
            for (String field : m.group(2).isEmpty() ? new String[0] : m.group(2).substring(1).split("\\.")) {
                // A field that is itself a collection (each pod's hostPorts) joins its elements into one list.
                value = value instanceof Collection<?> items
                        ? items.stream().map(item -> read(item, field))
                        .flatMap(v -> v instanceof Collection<?> inner ? inner.stream() : java.util.stream.Stream.of(v))
                        .toList() : read(value, field);
            }
            String text = m.group(3) != null ? Messages.count(count(value), m.group(3)) : render(value);
            m.appendReplacement(out, Matcher.quoteReplacement(text));
        }
        return m.appendTail(out).toString();
    }

    /** A list counts its elements, a number is the count, one fact is one. */
    private static int count(Object value) {
        if (value instanceof Collection<?> items) {
            return items.size();
        }
        return value instanceof Number n ? n.intValue() : value == null ? 0 : 1;
    }

    private static String render(Object value) {
        if (value == null) {
            return "none";
        }
        if (value instanceof Collection<?> items) {
            return Messages.list(items.stream().map(MessageTemplate::render).toList());
        }
        return value instanceof Fact fact ? fact.key() : value.toString();
    }

    /** A record component or a no-argument method such as portProtocol(); "{field?}" when there is none. */
    private static Object read(Object target, String field) {
        if (target == null) {
            return null;
        }
        try {
            Method accessor = target.getClass().getMethod(field);
            return accessor.invoke(target);
        } catch (ReflectiveOperationException e) {
            return "{" + field + "?}";
        }
    }
}
