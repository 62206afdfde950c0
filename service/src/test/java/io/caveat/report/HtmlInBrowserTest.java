package io.caveat.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.caveat.TestPaths;
import io.caveat.engine.KnowledgeBase;
import io.caveat.engine.RuleCompiler;
import io.caveat.engine.RuleSource;
import io.caveat.load.SnapshotLoader;
import io.caveat.model.Severity;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report as a person sees it: in headless Chromium, when the machine has one (skipped otherwise). */
class HtmlInBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path dir;

    @Test
    void thePageRendersWithoutErrorsAndShowsTheFindingsOfTheJson() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "no /usr/bin/chromium on this machine: the browser check is skipped");
        ReportRun run = demoRun();
        Path html = dir.resolve("archive/runs").resolve(run.id()).resolve("report.html");

        Result dom = chromium(html, "--dump-dom");
        Result shot = chromium(html, "--screenshot=" + dir.resolve("page.png"), "--window-size=1280,1600");

        Matcher total = Pattern.compile("id=\"total-findings\">(\\d+)<").matcher(dom.out());
        assertThat(total.find()).isTrue();
        assertThat(Integer.parseInt(total.group(1))).isEqualTo(run.evaluation().findings().size());
        assertThat(dom.out()).contains("class=\"finding");
        assertThat(dom.err() + shot.err()).doesNotContainIgnoringCase("Uncaught").doesNotContain("CONSOLE(");
        BufferedImage page = ImageIO.read(dir.resolve("page.png").toFile());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < page.getHeight(); y += 7) {
            for (int x = 0; x < page.getWidth(); x += 7) {
                colours.add(page.getRGB(x, y));
            }
        }
        assertThat(colours).as("a page with content, not a blank one").hasSizeGreaterThan(20);
    }

    @Test
    void findingsComeMostSevereFirstAndTheFiltersReadTheirStateFromTheUrl() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "no /usr/bin/chromium on this machine: the browser check is skipped");
        ReportRun run = demoRun();
        Path html = dir.resolve("archive/runs").resolve(run.id()).resolve("report.html");
        String page = Files.readString(html);

        // Groups in the order of their most severe finding: no group after a less severe one.
        List<String> groups = new ArrayList<>();
        Matcher group = Pattern.compile("<div class=\"group\" data-rule=\"[^\"]+\"><h3><span class=\"sev (\\w+)")
                .matcher(page);
        while (group.find()) {
            groups.add(group.group(1));
        }
        assertThat(groups).isNotEmpty();
        for (int i = 1; i < groups.size(); i++) {
            assertThat(Severity.parse(groups.get(i)).compareTo(Severity.parse(groups.get(i - 1)))).isLessThanOrEqualTo(0);
        }
        assertThat(page.indexOf("id=\"fix-first\"")).isLessThan(page.indexOf("class=\"group\""));
        assertThat(page).contains("<details id=\"new\"><summary><b>New</b>: " + run.lifecycle().newFindings());

        Result filtered = chromiumAt(html, "#sev=high&ns=", "--dump-dom");
        assertThat(filtered.err()).doesNotContainIgnoringCase("Uncaught").doesNotContain("CONSOLE(");
        long high = run.evaluation().findings().stream().filter(f -> f.severity().atLeast(Severity.HIGH)).count();
        Matcher shown = Pattern.compile("id=\"shown\">(\\d+)<").matcher(filtered.out());
        assertThat(shown.find()).isTrue();
        assertThat(Long.parseLong(shown.group(1))).as("at least high, from the URL").isEqualTo(high);
        Matcher hidden = Pattern.compile("class=\"finding[^\"]*\"[^>]*data-severity=\"(\\w+)\"[^>]*style=\"display: none;\"")
                .matcher(filtered.out());
        int hiddenCount = 0;
        while (hidden.find()) {
            assertThat(Severity.parse(hidden.group(1)).atLeast(Severity.HIGH)).isFalse();
            hiddenCount++;
        }
        assertThat(hiddenCount).isEqualTo(run.evaluation().findings().size() - (int) high);
    }

    /** The demo as one archived run, with the fixture knowledge base. */
    private ReportRun demoRun() {
        KnowledgeBase kb = RuleCompiler.compile(RuleSource.directory(TestPaths.knowledgeBase()));
        StringWriter log = new StringWriter();
        return new ReportRunner(new Archive(dir.resolve("archive"), new PrintWriter(log)),
                Clock.fixed(Instant.parse("2026-11-26T06:00:00Z"), ZoneOffset.UTC), new PrintWriter(log))
                .run(kb, SnapshotLoader.load(TestPaths.demo()), List.of(), 0, 0);
    }

    record Result(String out, String err) {
    }

    private Result chromiumAt(Path html, String fragment, String... action) throws Exception {
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--enable-logging=stderr", "--v=0",
                "--user-data-dir=" + Files.createTempDirectory(dir, "chromium")));
        command.addAll(List.of(action));
        command.add(html.toUri() + fragment);
        Process process = new ProcessBuilder(command).redirectError(dir.resolve("err.txt").toFile()).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(out, Files.readString(dir.resolve("err.txt")));
    }

    private Result chromium(Path html, String... action) throws Exception {
        return chromiumAt(html, "", action);
    }
}
