package io.caveat.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.caveat.TestPaths;
import io.caveat.engine.KnowledgeBase;
import io.caveat.engine.RuleCompiler;
import io.caveat.engine.RuleSource;
import io.caveat.load.SnapshotLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every format of a report on the demo with the test knowledge base, compared with the files in
 * src/test/resources/golden (the run id and the measured duration normalised). After an intended change: mvn -B test -Dtest=GoldenFormatsTest
 * -Dgolden.update=true, then review the diff of the golden files.
 */
class GoldenFormatsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"json", "html", "csv", "junit", "sarif", "policyreport"})
    void theReportMatchesItsGoldenFile(String format) throws Exception {
        KnowledgeBase kb = RuleCompiler.compile(RuleSource.directory(TestPaths.knowledgeBase()));
        StringWriter log = new StringWriter();
        ReportRun run = new ReportRunner(new Archive(dir, new PrintWriter(log)),
                Clock.fixed(Instant.parse("2026-11-26T06:00:00Z"), ZoneOffset.UTC), new PrintWriter(log))
                .run(kb, SnapshotLoader.load(TestPaths.demo(), "docs/examples/demo"), List.of(), 0, 0);
        String file = ReportRunner.FILES.get(format);
        String actual = Files.readString(dir.resolve("runs").resolve(run.id()).resolve(file))
                .replace(run.id(), "RUN-ID")
                .replaceAll("\"durationMillis\" : \\d+", "\"durationMillis\" : 0");
        Path golden = TestPaths.repo().resolve("service/src/test/resources/golden").resolve(file);
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(golden, actual);
        }
        // A missing golden file fails: writing it here would make the first run pass on whatever came out.
        assertThat(golden).as("golden file (write it with -Dgolden.update=true, then review it)").exists();
        assertThat(actual).as("%s differs from its golden file %s", format, golden).isEqualTo(Files.readString(golden));
    }
}
