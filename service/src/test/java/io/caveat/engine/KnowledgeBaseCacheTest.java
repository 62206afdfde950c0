package io.caveat.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.caveat.TestPaths;
import io.caveat.evaluate.EvaluateSnapshot;
import io.caveat.load.Snapshot;
import io.caveat.load.SnapshotLoader;
import io.caveat.scenario.Scenario;
import io.caveat.scenario.ScenarioRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnowledgeBaseCacheTest {
    private static final LocalDate DAY = LocalDate.of(2026, 12, 1);
    private final List<RuleFile> files = RuleSource.directory(TestPaths.knowledgeBase());
    private final AtomicInteger compiled = new AtomicInteger();
    private final List<String> notes = new ArrayList<>();

    @TempDir
    Path dir;

    private KnowledgeBaseCache cache(Path directory) {
        return new KnowledgeBaseCache(directory, "test build", notes::add, f -> {
            compiled.incrementAndGet();
            return RuleCompiler.compile(f);
        });
    }

    private Path entry() throws Exception {
        try (var list = Files.list(dir.resolve("kb"))) {
            return list.filter(p -> p.toString().endsWith(".kb")).findFirst().orElseThrow();
        }
    }

    @Test
    void anUnchangedRulesDirectoryIsCompiledOnceAndEvaluatesAsCompiled() throws Exception {
        KnowledgeBase fresh = cache(dir.resolve("kb")).compile(files);
        KnowledgeBase cached = cache(dir.resolve("kb")).compile(files);
        assertThat(compiled).hasValue(1);
        assertThat(cached.kieBase()).isNotSameAs(fresh.kieBase());
        assertThat(cached.version()).isEqualTo(fresh.version());
        assertThat(cached.rules()).isEqualTo(fresh.rules());
        assertThat(cached.ruleIds()).isEqualTo(fresh.ruleIds());
        assertThat(cached.requires()).isEqualTo(fresh.requires());
        Snapshot demo = SnapshotLoader.load(TestPaths.demo());
        ObjectMapper json = new ObjectMapper();
        assertThat(json.writeValueAsString(EvaluateSnapshot.run(cached, demo, List.of(), DAY).findings()))
                .isEqualTo(json.writeValueAsString(EvaluateSnapshot.run(fresh, demo, List.of(), DAY).findings()));
        assertThat(notes).isEmpty();
    }

    @Test
    void everyScenarioPassesOnTheCachedKnowledgeBase() {
        cache(dir.resolve("kb")).compile(files);
        KnowledgeBase cached = cache(dir.resolve("kb")).compile(files);
        List<Path> scenarios = ScenarioRunner.find(TestPaths.knowledgeBase());
        assertThat(scenarios).isNotEmpty().allSatisfy(file -> assertThat(ScenarioRunner.run(cached,
                Scenario.read(file)).problems()).as(file.toString()).isEmpty());
    }

    @Test
    void aConditionThatThrowsIsSetAsideOnACachedKnowledgeBaseToo() {
        // Setting a rule aside rebuilds the base from its packages: with the declared types where the cache put them.
        List<RuleFile> withThrowing = new ArrayList<>(files);
        withThrowing.add(new RuleFile("limitations/KL-900-throws/KL-900.drl", ("package limitations;\n"
                + "import io.caveat.model.*;\nrule \"KL-900 throws\"\n    @id(\"KL-900\")\n    @title(\"Throws\")\n"
                + "    @severity(\"low\")\n    @docs(\"https://example.com/kl-900\")\n    @remediation(\"None.\")\n"
                + "    @message(\"x\")\nwhen\n    $s : Service( selector.get(\"missing\").length() > 0 )\nthen\n"
                + "    insert(new Hit($s));\nend\n").getBytes()));
        KnowledgeBase fresh = cache(dir.resolve("kb")).compile(withThrowing);
        KnowledgeBase cached = cache(dir.resolve("kb")).compile(withThrowing);
        assertThat(compiled).hasValue(1);
        Snapshot demo = SnapshotLoader.load(TestPaths.demo());
        var evaluation = EvaluateSnapshot.run(cached, demo, List.of(), DAY);
        assertThat(evaluation.rules()).filteredOn(r -> r.id().equals("KL-900")).singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("a condition of rule \"KL-900 throws\" failed"));
        assertThat(evaluation.findings()).extracting(f -> f.fingerprint())
                .isEqualTo(EvaluateSnapshot.run(fresh, demo, List.of(), DAY).findings().stream()
                        .map(f -> f.fingerprint()).toList()).isNotEmpty();
        assertThat(cached.warnings()).isEqualTo(fresh.warnings());
        assertThat(cached.files()).isEqualTo(fresh.files());
        assertThat(cached.severities()).isEqualTo(fresh.severities());
    }

    @Test
    void aLinkedDirectoryIsNotUsed() throws Exception {
        Path real = Files.createDirectory(dir.resolve("real"));
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rwx------"));
        Path link = Files.createSymbolicLink(dir.resolve("kb"), real);
        cache(link).compile(files);
        cache(link).compile(files);
        assertThat(compiled).hasValue(2);
        assertThat(notes).isNotEmpty().allSatisfy(n -> assertThat(n).contains("is a link"));
    }

    @Test
    void aDamagedOrTruncatedEntryIsNeverTrustedAndIsRebuilt() throws Exception {
        cache(dir.resolve("kb")).compile(files);
        Path entry = entry();
        byte[] bytes = Files.readAllBytes(entry);
        bytes[bytes.length - 100] ^= 0x5a;
        Files.write(entry, bytes);
        assertThat(cache(dir.resolve("kb")).compile(files).rules()).isNotEmpty();
        assertThat(compiled).hasValue(2);
        assertThat(notes).singleElement().asString().contains("unreadable", "compiled the rules again");
        Files.write(entry, java.util.Arrays.copyOf(Files.readAllBytes(entry), 5000));
        cache(dir.resolve("kb")).compile(files);
        assertThat(compiled).hasValue(3);
        cache(dir.resolve("kb")).compile(files);
        assertThat(compiled).as("the rebuilt entry is sound").hasValue(3);
    }

    @Test
    void anEditedRuleOrAnotherBuildIsAnotherEntry() {
        cache(dir.resolve("kb")).compile(files);
        List<RuleFile> edited = new ArrayList<>(files);
        RuleFile first = edited.get(0);
        edited.set(0, new RuleFile(first.name(), (new String(first.content()) + "\n// edited\n").getBytes()));
        cache(dir.resolve("kb")).compile(edited);
        assertThat(compiled).hasValue(2);
        new KnowledgeBaseCache(dir.resolve("kb"), "another build", notes::add, f -> {
            compiled.incrementAndGet();
            return RuleCompiler.compile(f);
        }).compile(files);
        assertThat(compiled).hasValue(3);
    }

    @Test
    void aDirectoryOthersMayWriteIsNotUsed() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("kb"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        cache(shared).compile(files);
        cache(shared).compile(files);
        assertThat(compiled).hasValue(2);
        try (var list = Files.list(shared)) {
            assertThat(list).isEmpty();
        }
        assertThat(notes).isNotEmpty().allSatisfy(n -> assertThat(n).contains("writable by others"));
    }

    @Test
    void onlyTheMostRecentlyUsedEntriesAreKept() throws Exception {
        RuleFile first = files.get(0);
        KnowledgeBase kb = RuleCompiler.compile(files);
        KnowledgeBaseCache cache = new KnowledgeBaseCache(dir.resolve("kb"), "test build", notes::add, f -> kb);
        for (int i = 0; i <= KnowledgeBaseCache.KEEP; i++) {
            List<RuleFile> version = new ArrayList<>(files);
            version.set(0, new RuleFile(first.name(), (new String(first.content()) + "\n// " + i + "\n").getBytes()));
            cache.compile(version);
        }
        try (var list = Files.list(dir.resolve("kb"))) {
            assertThat(list.filter(p -> p.toString().endsWith(".kb"))).hasSize(KnowledgeBaseCache.KEEP);
        }
    }
}
