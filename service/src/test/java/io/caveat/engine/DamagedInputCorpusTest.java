package io.caveat.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.caveat.TestPaths;
import io.caveat.load.SnapshotLoader;
import io.caveat.model.Evaluation;
import io.caveat.model.Finding;
import io.caveat.model.RuleStatus;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The damaged-input corpus (src/test/resources/damaged-inputs/cases.yaml): each case is the demo with one file
 * damaged by the edits it lists, evaluated with the frozen knowledge base. Either the findings are the demo's, or
 * a problem names the damaged file and no finding vanishes from a rule that claims it was evaluated in full.
 * With -Ddamaged.out=DIR the damaged snapshots are also written there, one directory per case, for the CLI.
 */
class DamagedInputCorpusTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static KnowledgeBase kb;
    private static Evaluation demo;

    @TempDir
    Path dir;

    @BeforeAll
    static void evaluateTheDemo() {
        kb = RuleCompiler.compile(RuleSource.directory(TestPaths.knowledgeBase()));
        demo = Evaluator.evaluate(kb, SnapshotLoader.load(TestPaths.demo()));
    }

    static Stream<JsonNode> cases() throws IOException {
        JsonNode all = YAML.readTree(TestPaths.repo().resolve("service/src/test/resources/damaged-inputs/cases.yaml")
                .toFile());
        List<JsonNode> cases = new ArrayList<>();
        all.path("cases").forEach(cases::add);
        return cases.stream();
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("cases")
    void theDamageGivesTheDemosFindingsOrAProblemNamingTheFile(JsonNode c) throws IOException {
        String out = System.getProperty("damaged.out");
        Path snapshot = TestPaths.copyTree(TestPaths.demo(), out == null ? dir.resolve("demo")
                : Path.of(out).resolve(c.path("name").asText().replaceAll("[^A-Za-z0-9.]+", "-")));
        String damaged = damage(snapshot, c.path("file").asText(), c.path("edits"));
        Evaluation evaluation = Evaluator.evaluate(kb, SnapshotLoader.load(snapshot));
        List<String> problems = evaluation.snapshot().problems();
        System.out.printf("| %s | %s | %s |%n", c.path("name").asText(), damaged,
                problems.isEmpty() ? "no problem, " + evaluation.findings().size() + " findings as the demo"
                        : problems.get(0) + (problems.size() > 1 ? " (+" + (problems.size() - 1) + ")" : ""));
        if ("same".equals(c.path("expect").asText())) {
            assertThat(problems).isEmpty();
            assertThat(keys(evaluation)).isEqualTo(keys(demo));
            return;
        }
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(damaged));
        Map<String, RuleStatus> statuses = evaluation.rules().stream()
                .collect(Collectors.toMap(RuleStatus::id, s -> s));
        Set<String> now = keys(evaluation);
        for (Finding lost : demo.findings()) {
            if (!now.contains(key(lost))) {
                RuleStatus status = statuses.get(lost.ruleId());
                assertThat(RuleStatus.EVALUATED.equals(status.status()) && status.reason() == null)
                        .as("%s lost %s while saying it was evaluated in full", lost.ruleId(), lost.subject())
                        .isFalse();
            }
        }
    }

    private static Set<String> keys(Evaluation evaluation) {
        return evaluation.findings().stream().map(DamagedInputCorpusTest::key).collect(Collectors.toSet());
    }

    private static String key(Finding f) {
        return f.ruleId() + " " + f.severity() + " " + f.subject();
    }

    /** Applies a case's edits to one file of the snapshot; returns the damaged file's path as problems name it. */
    private static String damage(Path snapshot, String file, JsonNode edits) throws IOException {
        Path path = snapshot.resolve(file);
        String original = Files.readString(path);
        JsonNode tree = null;
        String text = null;
        boolean yaml = false;
        Map<String, String> aliases = new HashMap<>();
        for (JsonNode edit : edits) {
            if (edit.has("set") || edit.has("delete") || edit.has("alias") || edit.has("format")) {
                assertThat(text).as("tree edits come before text edits").isNull();
                tree = tree == null ? JSON.readTree(original) : tree;
            }
            if (edit.has("set")) {
                set(tree, edit.get("set").asText(), edit.get("to"));
            } else if (edit.has("delete")) {
                set(tree, edit.get("delete").asText(), null);
            } else if (edit.has("alias")) {
                String alias = resolve(tree, edit.get("alias").asText());
                String anchor = resolve(tree, edit.get("of").asText());
                assertThat(at(tree, alias)).as("an alias stands for an equal node").isEqualTo(at(tree, anchor));
                aliases.put(alias, anchor);
            } else if (edit.has("format")) {
                yaml = true;
            } else {
                text = text != null ? text : tree == null ? original : written(tree, yaml, aliases);
                if (edit.has("replace")) {
                    assertThat(text).as("the text to replace").contains(edit.get("replace").asText());
                    text = text.replace(edit.get("replace").asText(), edit.get("with").asText());
                } else if (edit.has("prepend")) {
                    text = edit.get("prepend").asText() + text;
                } else if (edit.has("truncate")) {
                    text = text.substring(0, (int) (text.length() * edit.get("truncate").asDouble()));
                } else if (edit.has("content")) {
                    text = edit.get("content").asText();
                } else if (edit.has("move")) {
                    Files.delete(path);
                    path = snapshot.resolve(edit.get("move").asText());
                    Files.createDirectories(path.getParent());
                    file = edit.get("move").asText();
                }
            }
        }
        if (text == null) {
            text = written(tree, yaml, aliases);
        }
        Files.deleteIfExists(snapshot.resolve(file));
        Files.writeString(path, text, StandardCharsets.UTF_8);
        return snapshot.relativize(path).toString();
    }

    // --- paths: a.b, [2], [field.path=value] ---

    private static List<String> steps(String path) {
        List<String> steps = new ArrayList<>();
        StringBuilder step = new StringBuilder();
        for (int i = 0; i < path.length(); i++) {
            char ch = path.charAt(i);
            if (ch == '[') {
                if (!step.isEmpty()) {
                    steps.add(step.toString());
                    step.setLength(0);
                }
                int end = path.indexOf(']', i);
                steps.add(path.substring(i, end + 1));
                i = end;
            } else if (ch == '.') {
                if (!step.isEmpty()) {
                    steps.add(step.toString());
                    step.setLength(0);
                }
            } else {
                step.append(ch);
            }
        }
        if (!step.isEmpty()) {
            steps.add(step.toString());
        }
        return steps;
    }

    /** The path with filters replaced by indexes: "items[7].spec", as the YAML writer names nodes. */
    private static String resolve(JsonNode tree, String path) {
        StringBuilder concrete = new StringBuilder();
        JsonNode node = tree;
        for (String step : steps(path)) {
            if (step.startsWith("[")) {
                int index = index(node, step);
                concrete.append('[').append(index).append(']');
                node = node.get(index);
            } else {
                concrete.append(concrete.isEmpty() ? "" : ".").append(step);
                node = node.get(step);
            }
            assertThat(node).as("%s in the demo", path).isNotNull();
        }
        return concrete.toString();
    }

    private static int index(JsonNode list, String step) {
        String inside = step.substring(1, step.length() - 1);
        if (!inside.contains("=")) {
            return Integer.parseInt(inside);
        }
        String field = inside.substring(0, inside.indexOf('='));
        String value = inside.substring(inside.indexOf('=') + 1);
        for (int i = 0; i < list.size(); i++) {
            JsonNode candidate = list.get(i);
            for (String part : field.split("\\.")) {
                candidate = candidate.path(part);
            }
            if (value.equals(candidate.asText())) {
                return i;
            }
        }
        throw new AssertionError("no element with " + inside);
    }

    private static JsonNode at(JsonNode tree, String concrete) {
        JsonNode node = tree;
        for (String step : steps(concrete)) {
            node = step.startsWith("[") ? node.get(index(node, step)) : node.get(step);
        }
        return node;
    }

    /** Sets the value at the path (null: removes it). */
    private static void set(JsonNode tree, String path, JsonNode value) {
        List<String> steps = steps(resolve(tree, parentOf(path)).isEmpty() ? path : resolve(tree, parentOf(path))
                + (last(path).startsWith("[") ? "" : ".") + last(path));
        JsonNode parent = tree;
        for (String step : steps.subList(0, steps.size() - 1)) {
            parent = step.startsWith("[") ? parent.get(index(parent, step)) : parent.get(step);
        }
        String last = steps.get(steps.size() - 1);
        if (last.startsWith("[")) {
            int i = index(parent, last);
            ((ArrayNode) parent).set(i, value == null ? JSON.nullNode() : value);
        } else if (value == null) {
            ((ObjectNode) parent).remove(last);
        } else {
            ((ObjectNode) parent).set(last, value);
        }
    }

    private static String parentOf(String path) {
        List<String> steps = steps(path);
        String parent = "";
        for (String step : steps.subList(0, steps.size() - 1)) {
            parent += step.startsWith("[") || parent.isEmpty() ? step : "." + step;
        }
        return parent;
    }

    private static String last(String path) {
        List<String> steps = steps(path);
        return steps.get(steps.size() - 1);
    }

    // --- writing ---

    private static String written(JsonNode tree, boolean yaml, Map<String, String> aliases) throws IOException {
        if (!yaml) {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
        }
        StringWriter out = new StringWriter();
        Map<String, String> anchors = new HashMap<>();
        aliases.values().forEach(a -> anchors.putIfAbsent(a, "a" + (anchors.size() + 1)));
        try (YAMLGenerator gen = (YAMLGenerator) YAML.getFactory().createGenerator(out)) {
            write(gen, tree, "", anchors, aliases);
        }
        return out.toString();
    }

    private static void write(YAMLGenerator gen, JsonNode node, String path, Map<String, String> anchors,
                              Map<String, String> aliases) throws IOException {
        if (aliases.containsKey(path)) {
            gen.writeObjectRef(anchors.get(aliases.get(path)));
            return;
        }
        if (anchors.containsKey(path)) {
            gen.writeObjectId(anchors.get(path));
        }
        if (node.isObject()) {
            gen.writeStartObject();
            for (var e : node.properties()) {
                gen.writeFieldName(e.getKey());
                write(gen, e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), anchors, aliases);
            }
            gen.writeEndObject();
        } else if (node.isArray()) {
            gen.writeStartArray();
            for (int i = 0; i < node.size(); i++) {
                write(gen, node.get(i), path + "[" + i + "]", anchors, aliases);
            }
            gen.writeEndArray();
        } else {
            gen.writeTree(node);
        }
    }
}
