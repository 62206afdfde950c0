package io.caveat.scenario;

import io.caveat.engine.Evaluator;
import io.caveat.engine.KnowledgeBase;
import io.caveat.load.SnapshotLoader;
import io.caveat.model.Evaluation;
import io.caveat.model.Finding;
import io.caveat.model.RuleStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Runs scenarios against a knowledge base and says, in words, how actual differs from expected. */
public final class ScenarioRunner {
    private ScenarioRunner() {
    }

    /** @param problems empty when the scenario passed */
    public record Result(Scenario scenario, List<String> problems) {
        public boolean passed() {
            return problems.isEmpty();
        }
    }

    /** Every fires.*.yaml, passes.*.yaml and (vocabulary) derives.*.yaml below the rules directory, sorted. */
    public static List<Path> find(Path rulesDirectory) {
        try (Stream<Path> walk = Files.walk(rulesDirectory)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !io.caveat.engine.RulesDirectory.isKubeletEntry(rulesDirectory.relativize(p)))
                    .filter(p -> {
                String n = p.getFileName().toString();
                return (n.startsWith("fires.") || n.startsWith("passes.") || n.startsWith("derives."))
                        && (n.endsWith(".yaml") || n.endsWith(".yml"));
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What the scenarios leave untested: a limitation without a fires scenario (with a finding) and a passes
     * scenario (without), each in its own folder; a scenario in a limitation's folder naming another limitation (a
     * copied folder whose scenarios still name the original: they would test the original twice, the copy never).
     */
    public static List<String> coverage(KnowledgeBase kb, Path rulesDirectory, List<Scenario> scenarios) {
        List<String> problems = new ArrayList<>();
        Map<Path, String> folders = new java.util.HashMap<>();
        for (var rule : kb.rules()) {
            Path source = rulesDirectory.resolve(rule.source());
            Path folder = rule.source().endsWith("/limitation.yaml") ? source.getParent() : null;
            if (folder != null) {
                folders.put(folder.toAbsolutePath().normalize(), rule.id());
            }
            List<Scenario> own = scenarios.stream().filter(s -> !s.derives() && s.rule().equals(rule.id())
                    && (folder == null || s.file().toAbsolutePath().normalize().startsWith(folder.toAbsolutePath()
                    .normalize()))).toList();
            if (own.stream().noneMatch(s -> s.expectation().equals("fires") && !s.findings().isEmpty())) {
                problems.add(rule.id() + ": no fires.<case>.yaml scenario with a finding"
                        + (folder == null ? "" : " in " + rulesDirectory.relativize(folder)));
            }
            if (own.stream().noneMatch(s -> s.expectation().equals("passes") && s.findings().isEmpty())) {
                problems.add(rule.id() + ": no passes.<case>.yaml scenario (a near miss, no finding)"
                        + (folder == null ? "" : " in " + rulesDirectory.relativize(folder)));
            }
        }
        for (Scenario s : scenarios) {
            for (Path dir = s.file().toAbsolutePath().normalize().getParent(); dir != null; dir = dir.getParent()) {
                String id = folders.get(dir);
                if (id != null) {
                    if (s.derives() || !s.rule().equals(id)) {
                        problems.add(rulesDirectory.relativize(s.file()) + ": lies in " + id + "'s folder but names "
                                + (s.derives() ? "the vocabulary term " : "rule ") + s.rule());
                    }
                    break;
                }
            }
        }
        return problems;
    }

    public static Result run(KnowledgeBase kb, Scenario scenario) {
        if (scenario.derives()) {
            return derives(kb, scenario);
        }
        List<String> problems = new ArrayList<>();
        Evaluation evaluation = Evaluator.evaluate(kb, SnapshotLoader.load(scenario.file()));
        evaluation.snapshot().problems().forEach(p -> problems.add("input: " + p));
        RuleStatus status = evaluation.rules().stream().filter(r -> r.id().equals(scenario.rule())).findFirst()
                .orElse(null);
        if (status == null) {
            problems.add("no rule " + scenario.rule() + " in the knowledge base");
            return new Result(scenario, problems);
        }
        if (!status.status().equals(scenario.status())) {
            problems.add("status: expected " + scenario.status() + ", got " + status.status()
                    + (status.reason() == null ? "" : " (" + status.reason() + ")"));
        } else if (RuleStatus.EVALUATED.equals(status.status()) && status.reason() != null) {
            // A check that could not run proves nothing: scenarios must give every check its data.
            problems.add("status: evaluated only " + status.reason());
        }
        Map<String, Finding> actual = evaluation.findings().stream().filter(f -> f.ruleId().equals(scenario.rule()))
                .collect(Collectors.toMap(f -> f.subject().toString(), Function.identity(), (a, b) -> a));
        for (Scenario.Expected expected : scenario.findings()) {
            Finding finding = actual.remove(expected.subject());
            if (finding == null) {
                problems.add("expected a finding on " + expected.subject() + ", got none");
                continue;
            }
            if (expected.severity() != null && !expected.severity().equalsIgnoreCase(finding.severity().label())) {
                problems.add("finding on " + expected.subject() + ": severity: expected " + expected.severity()
                        + ", got " + finding.severity().label());
            }
            for (String phrase : expected.messageContains()) {
                if (!finding.message().contains(phrase)) {
                    problems.add("finding on " + expected.subject() + ": message lacks \"" + phrase + "\"; it reads: "
                            + finding.message());
                }
            }
        }
        actual.values().forEach(f -> problems.add("unexpected finding on " + f.subject() + ": " + f.message()));
        return new Result(scenario, problems);
    }

    /** Exactly the expected facts of the type, each matched by the fields the scenario names. */
    private static Result derives(KnowledgeBase kb, Scenario scenario) {
        List<String> problems = new ArrayList<>();
        var snapshot = SnapshotLoader.load(scenario.file());
        snapshot.summary().problems().forEach(p -> problems.add("input: " + p));
        List<Map<String, Object>> actual;
        try {
            actual = new ArrayList<>(Evaluator.derived(kb, snapshot, scenario.rule()));
        } catch (IllegalStateException e) {
            problems.add(e.getMessage());
            return new Result(scenario, problems);
        }
        for (Map<String, String> expected : scenario.facts()) {
            Map<String, Object> found = actual.stream().filter(fact -> expected.entrySet().stream()
                    .allMatch(e -> e.getValue().equals(String.valueOf(fact.get(e.getKey()))))).findFirst().orElse(null);
            if (found == null) {
                problems.add("expected " + scenario.rule() + " " + expected + ", got none such");
            } else {
                actual.remove(found);
            }
        }
        actual.forEach(fact -> problems.add("unexpected " + scenario.rule() + " " + fact));
        return new Result(scenario, problems);
    }
}
