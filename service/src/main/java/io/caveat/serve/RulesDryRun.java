package io.caveat.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caveat.collect.Directories;
import io.caveat.engine.KnowledgeBase;
import io.caveat.engine.RuleCompiler;
import io.caveat.engine.RuleFile;
import io.caveat.engine.RuleLoadException;
import io.caveat.engine.RuleSource;
import io.caveat.engine.RulesDirectory;
import io.caveat.evaluate.EvaluateSnapshot;
import io.caveat.load.Snapshot;
import io.caveat.model.Finding;
import io.caveat.scenario.Scenario;
import io.caveat.scenario.ScenarioRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * POST /rules/dry-run: the rules as they would be after a change (files written or deleted), compiled, their
 * changed limitations' scenarios run, and evaluated beside the active rules on a snapshot: the findings that
 * would be added, removed or changed. Nothing becomes active; the change is tried in a copy of the rules tree.
 */
final class RulesDryRun {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A proposed change: paths under the rules directory with their new content, and paths to delete. */
    record Change(Map<String, String> files, List<String> delete) {
        /** The limitation folders it touches ("limitations/KL-005-..."); the vocabulary's touches every scenario. */
        Set<String> folders() {
            Set<String> folders = new LinkedHashSet<>();
            Stream.concat(files.keySet().stream(), delete.stream()).forEach(p ->
                    folders.add(p.contains("/") ? p.substring(0, p.lastIndexOf('/')) : ""));
            return folders;
        }
    }

    private final RulesHolder rules;

    RulesDryRun(RulesHolder rules) {
        this.rules = rules;
    }

    static Change change(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new BadRequest("the body must be a JSON object: {\"files\": {path: content}, \"delete\": [path]}",
                    "/");
        }
        Map<String, String> files = new LinkedHashMap<>();
        JsonNode given = body.path("files");
        if (!given.isMissingNode() && !given.isObject()) {
            throw new BadRequest("'files' must be an object of paths to contents", "/files");
        }
        for (var entry : given.properties()) {
            if (!entry.getValue().isTextual()) {
                throw new BadRequest("the content of " + entry.getKey() + " must be a string", "/files/"
                        + entry.getKey());
            }
            files.put(path(entry.getKey(), "/files/" + entry.getKey()), entry.getValue().asText());
        }
        List<String> delete = new ArrayList<>();
        JsonNode deleted = body.path("delete");
        if (!deleted.isMissingNode() && !deleted.isArray()) {
            throw new BadRequest("'delete' must be a list of paths", "/delete");
        }
        for (int i = 0; i < deleted.size(); i++) {
            if (!deleted.get(i).isTextual()) {
                throw new BadRequest("each path to delete must be a string", "/delete/" + i);
            }
            delete.add(path(deleted.get(i).asText(), "/delete/" + i));
        }
        if (files.isEmpty() && delete.isEmpty()) {
            throw new BadRequest("the change is empty: give 'files' or 'delete'", "/");
        }
        return new Change(files, delete);
    }

    /** A path under the rules directory of a file that makes a knowledge base or tests it. */
    static String path(String path, String field) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        boolean scenario = (name.startsWith("fires.") || name.startsWith("passes.") || name.startsWith("derives."))
                && name.endsWith(".yaml");
        if (path.isBlank() || path.startsWith("/") || path.contains("\\")
                || List.of(path.split("/")).contains("..") || List.of(path.split("/")).contains(".")) {
            throw new BadRequest("not a path under the rules directory: " + path, field);
        }
        if (!RuleFile.isKnowledgeFile(name) && !scenario && !name.equals("README.md")) {
            throw new BadRequest(path + " is not a rule file (.drl, .drl.csv), a limitation.yaml or a scenario "
                    + "(fires.*, passes.*, derives.*.yaml)", field);
        }
        return path;
    }

    /** The dry run's answer, as JSON fields, on the posted snapshot or the newest archived run's. */
    Map<String, Object> run(Change change, Snapshot snapshot) {
        KnowledgeBase active = rules.current();
        Path tree = copy(change);
        try {
            Map<String, Object> answer = new LinkedHashMap<>();
            KnowledgeBase proposed;
            try {
                proposed = RuleCompiler.compile(RuleSource.directory(tree));
            } catch (RuleLoadException e) {
                answer.put("compiles", false);
                answer.put("diagnostics", e.diagnostics());
                return answer;
            }
            answer.put("compiles", true);
            answer.put("diagnostics", List.of());
            answer.put("knowledgeBase", Map.of("active", active.version(), "proposed", proposed.version()));
            answer.put("scenarios", scenarios(proposed, tree, change));
            answer.put("snapshot", snapshot.summary().source());
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            diff(EvaluateSnapshot.run(active, snapshot, List.of(), today).findings(),
                    EvaluateSnapshot.run(proposed, snapshot, List.of(), today).findings(), answer);
            return answer;
        } finally {
            Directories.delete(tree);
        }
    }

    private List<Map<String, Object>> scenarios(KnowledgeBase proposed, Path tree, Change change) {
        Set<String> folders = change.folders();
        boolean all = folders.stream().anyMatch(f -> !f.startsWith("limitations/"));
        List<Map<String, Object>> results = new ArrayList<>();
        for (Path file : ScenarioRunner.find(tree)) {
            String relative = tree.relativize(file).toString().replace('\\', '/');
            if (!all && folders.stream().noneMatch(f -> relative.startsWith(f + "/"))) {
                continue;
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("file", relative);
            try {
                ScenarioRunner.Result outcome = ScenarioRunner.run(proposed, Scenario.read(file));
                result.put("passed", outcome.passed());
                result.put("problems", outcome.problems());
            } catch (RuntimeException e) {
                result.put("passed", false);
                result.put("problems", List.of(String.valueOf(e.getMessage())));
            }
            results.add(result);
        }
        return results;
    }

    /** Findings by fingerprint: only in the proposed run, only in the active one, or with another severity or text. */
    private static void diff(List<Finding> before, List<Finding> after, Map<String, Object> answer) {
        Map<String, Finding> was = new LinkedHashMap<>();
        before.forEach(f -> was.put(f.fingerprint(), f));
        Map<String, Finding> now = new LinkedHashMap<>();
        after.forEach(f -> now.put(f.fingerprint(), f));
        List<Finding> added = new ArrayList<>();
        List<Map<String, Finding>> changed = new ArrayList<>();
        Map<String, Map<String, Integer>> byLimitation = new java.util.TreeMap<>();
        for (Finding f : after) {
            Finding old = was.get(f.fingerprint());
            if (old == null) {
                added.add(f);
                count(byLimitation, f, "added");
            } else if (old.severity() != f.severity() || !old.message().equals(f.message())) {
                changed.add(Map.of("before", old, "after", f));
                count(byLimitation, f, "changed");
            }
        }
        List<Finding> removed = before.stream().filter(f -> !now.containsKey(f.fingerprint())).toList();
        removed.forEach(f -> count(byLimitation, f, "removed"));
        answer.put("added", added);
        answer.put("removed", removed);
        answer.put("changed", changed);
        answer.put("unchanged", after.size() - added.size() - changed.size());
        answer.put("byLimitation", byLimitation);
    }

    private static void count(Map<String, Map<String, Integer>> byLimitation, Finding f, String what) {
        byLimitation.computeIfAbsent(f.ruleId(), r -> new LinkedHashMap<>(Map.of("added", 0, "removed", 0,
                "changed", 0))).merge(what, 1, Integer::sum);
    }

    private Path copy(Change change) {
        return rules.read(source -> proposed(source, change));
    }

    /**
     * The rules tree, copied (without its history), with the change applied: where a change is tried first.
     *
     * @param source the rules as loaded ({@link RulesHolder#read}), already unfolded
     */
    static Path proposed(Path source, Change change) {
        try {
            Path tree = Files.createTempDirectory("caveat-dry-run-");
            try (Stream<Path> walk = Files.walk(source)) {
                for (Path p : walk.toList()) {
                    Path relative = source.relativize(p);
                    if (RulesDirectory.isKubeletEntry(relative) || relative.toString().isEmpty()
                            || relative.startsWith(RulesHistory.FOLDER)) {
                        continue;
                    }
                    Path target = tree.resolve(relative.toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else if (Files.isRegularFile(p)) {
                        Files.copy(p, target);
                    }
                }
            }
            for (String path : change.delete()) {
                if (!Files.deleteIfExists(tree.resolve(path))) {
                    Directories.delete(tree);
                    throw new BadRequest("no file " + path + " to delete in the rules", "/delete");
                }
            }
            for (var file : change.files().entrySet()) {
                Path target = tree.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
            }
            return tree;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new BadRequest("malformed JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException p
                    ? io.caveat.load.ParseMessages.of(p) : e.getMessage()), null);
        }
    }

    /** The snapshot to compare on, as the body of an evaluation. */
    static byte[] documents(JsonNode body) {
        JsonNode documents = body.get("documents");
        if (documents == null) {
            return null;
        }
        try {
            return JSON.writeValueAsBytes(Map.of("documents", documents));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
