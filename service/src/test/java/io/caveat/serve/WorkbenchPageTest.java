package io.caveat.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.caveat.TestPaths;
import io.javalin.Javalin;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The rules workbench (/ui) in a real browser: Debian's chromium through chromium-driver, against the service
 * over HTTP with the frozen knowledge base and an archived run of the demo.
 */
class WorkbenchPageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where screenshots of each step go, for a reader of a failed run. */
    private static final Path SHOTS = Path.of("target", "workbench");
    private static WebDriver browser;

    @TempDir
    Path dir;
    Javalin app;
    final HttpClient http = HttpClient.newHttpClient();
    WebDriverWait wait;

    @BeforeAll
    static void openBrowser() throws Exception {
        String chromium = System.getProperty("chromium", "/usr/bin/chromium");
        String driver = System.getProperty("chromedriver", "/usr/bin/chromedriver");
        assertThat(new File(chromium)).as("Debian's chromium (apt-get install chromium chromium-driver)").canRead();
        assertThat(new File(driver).canExecute()).as("Debian's chromium-driver at " + driver
                + " (apt-get install chromium-driver)").isTrue();
        ChromeOptions options = new ChromeOptions().setBinary(chromium)
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,860");
        // The browser's console, where a Content-Security-Policy violation is reported.
        org.openqa.selenium.logging.LoggingPreferences logs = new org.openqa.selenium.logging.LoggingPreferences();
        logs.enable(org.openqa.selenium.logging.LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File(driver)).build(),
                options);
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void start() throws Exception {
        Path rules = dir.resolve("rules");
        TestPaths.copyTree(TestPaths.knowledgeBase(), rules);
        ServiceApp service = new ServiceApp(new ServiceApp.Options(rules, null, null, null, 64L << 20, 128L << 20, 100,
                null, dir.resolve("archive"), 0, 0, java.util.function.UnaryOperator.identity(), null),
                new PrintWriter(new StringWriter(), true));
        app = service.create().start("127.0.0.1", 0);
        assertThat(post("/api/v1/reports", Documents.of(TestPaths.demo())).statusCode()).isEqualTo(201);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() {
        app.stop();
        // Whatever the page did, it did within its Content-Security-Policy (CodeMirror's markers included).
        List<String> console = browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll()
                .stream().map(org.openqa.selenium.logging.LogEntry::getMessage).toList();
        assertThat(console).noneMatch(m -> m.contains("Content Security Policy") || m.contains("Refused to"));
    }

    @Test
    void theWorkbenchShowsEveryLimitation() throws Exception {
        browser.get(url("/ui"));
        assertThat(browser.getCurrentUrl()).endsWith("/ui/");
        wait.until(d -> !d.findElements(By.cssSelector("#limitations button")).isEmpty());
        String nav = browser.findElement(By.id("limitations")).getText();
        assertThat(servedIds()).isNotEmpty().allSatisfy(id -> assertThat(nav).contains(id));
        assertThat(browser.findElement(By.id("kb")).getText()).contains(version());
    }

    @Test
    void anAnalystEditsSeesTheDiagnosticFixesDryRunsActivatesAndRestores() throws Exception {
        String before = version();
        browser.get(url("/ui/"));
        wait.until(d -> !d.findElements(By.cssSelector("#limitations button[data-id='KL-005']")).isEmpty());
        browser.findElement(By.cssSelector("#limitations button[data-id='KL-005']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("limitation"), "NodePort"));
        button(browser.findElement(By.id("limitation")), "KL-005.drl").click();

        // Edit: a rule that does not parse is shown at its line as one types.
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("editing"), "KL-005.drl"));
        WebElement editor = browser.findElement(By.cssSelector("#editor-host .CodeMirror textarea"));
        String broken = " rule \"broken\" when Foo( then end";
        editor.sendKeys(Keys.chord(Keys.CONTROL, Keys.END), broken);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("diagnostics"), "KL-005.drl:"));
        wait.until(d -> !d.findElements(By.cssSelector(".CodeMirror-lint-marker-error")).isEmpty());
        WebElement marker = browser.findElement(By.cssSelector(".CodeMirror-lint-marker-error"));
        assertThat(marker.getCssValue("background-image")).as("the marker's icon is drawn").startsWith("url(");
        assertThat(browser.findElement(By.cssSelector(".CodeMirror-gutter-wrapper")).isDisplayed()).isTrue();
        // The marker sits on the line that was typed: the last one.
        List<WebElement> lines = browser.findElements(By.cssSelector(".CodeMirror-code > div"));
        assertThat(lines.get(lines.size() - 1).findElements(By.cssSelector(".CodeMirror-lint-marker-error")))
                .isNotEmpty();
        assertThat(browser.findElement(By.id("pending")).getText()).contains("edited");
        shot("1-diagnostic");

        // Fix: the typed text taken back compiles again and leaves nothing to change.
        editor.sendKeys(Keys.BACK_SPACE.toString().repeat(broken.length()));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("diagnostics"), "No problems."));
        assertThat(browser.findElement(By.id("pending")).getText()).contains("Nothing changed yet.");

        // Dry run: deleting the limitation removes its finding, adds none, and changes nothing served.
        browser.findElement(By.id("tab-limitation")).click();
        button(browser.findElement(By.id("limitation")), "Delete limitation").click();
        browser.findElement(By.id("tab-editor")).click();
        browser.findElement(By.id("run")).click();
        wait.until(d -> !d.findElements(By.cssSelector("#dryrun table.side-by-side")).isEmpty());
        List<WebElement> removed = browser.findElements(By.cssSelector("#dryrun tr.removed"));
        assertThat(removed).isNotEmpty().allSatisfy(row -> {
            assertThat(row.findElement(By.cssSelector("td.before")).getText()).contains("KL-005");
            assertThat(row.findElement(By.cssSelector("td.after")).getText()).isEqualTo("no finding");
        });
        assertThat(browser.findElements(By.cssSelector("#dryrun tr.added"))).isEmpty();
        assertThat(version()).isEqualTo(before);
        shot("2-dry-run");

        // Activate with a comment: KL-005 is no longer served.
        browser.findElement(By.id("tab-editor")).click();
        browser.findElement(By.id("comment")).sendKeys("KL-005 is handled outside caveat");
        browser.findElement(By.id("activate-button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Activated version"));
        assertThat(servedIds()).doesNotContain("KL-005");
        wait.until(d -> d.findElements(By.cssSelector("#limitations button[data-id='KL-005']")).isEmpty());

        // History: the change is listed above the version before it; restoring that brings KL-005 back.
        browser.findElement(By.id("tab-history")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("history"),
                "KL-005 is handled outside caveat"));
        wait.until(d -> d.findElements(By.cssSelector("#history tbody tr")).size() >= 2);
        button(row(0), "Diff").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("diff"), "KL-005.drl"));
        shot("3-history");
        button(row(1), "Restore").click();
        assertThat(version()).as("a restore asks once more").isNotEqualTo(before);
        wait.until(d -> row(1).getText().contains("Press again"));
        row(1).findElement(By.cssSelector("button.primary")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Restored"));
        assertThat(servedIds()).contains("KL-005");
        assertThat(version()).isEqualTo(before);
        wait.until(d -> !d.findElements(By.cssSelector("#limitations button[data-id='KL-005']")).isEmpty());
    }

    @Test
    void aLimitationsScenariosRunWithoutChangingIt() throws Exception {
        browser.get(url("/ui/"));
        wait.until(d -> !d.findElements(By.cssSelector("#limitations button[data-id='KL-005']")).isEmpty());
        browser.findElement(By.cssSelector("#limitations button[data-id='KL-005']")).click();
        button(browser.findElement(By.id("limitation")), "Run its scenarios").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("dryrun"), "Scenarios:"));
        long scenarios;
        try (var files = Files.list(dir.resolve("rules/limitations/KL-005-openshift-ovn-nodeport"))) {
            scenarios = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("fires.") || n.startsWith("passes.")).count();
        }
        List<WebElement> rows = browser.findElements(By.xpath("//div[@id='dryrun']//table[1]/tbody/tr"));
        assertThat(rows).hasSize((int) scenarios).allSatisfy(r -> assertThat(r.getText()).contains("passes"));
        assertThat(browser.findElement(By.id("dryrun")).getText()).contains("0 added, 0 removed, 0 changed");
    }

    @Test
    void aNewFileIsPartOfTheChangeOnlyOnceWrittenAndCanBeDiscarded() throws Exception {
        browser.get(url("/ui/"));
        wait.until(d -> !d.findElements(By.cssSelector("#limitations button")).isEmpty());
        browser.findElement(By.id("new-path")).sendKeys("limitations/KL-099-note/README.md", Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("editing"), "(new)"));
        assertThat(browser.findElement(By.id("pending")).getText()).contains("Nothing changed yet.");
        browser.findElement(By.cssSelector("#editor-host .CodeMirror textarea")).sendKeys("Why KL-099 is pending");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pending"),
                "new limitations/KL-099-note/README.md"));
        assertThat(browser.findElement(By.id("activate-button")).isEnabled()).isTrue();
        browser.findElement(By.id("discard")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pending"), "Nothing changed yet."));
        assertThat(browser.findElement(By.id("activate-button")).isEnabled()).isFalse();
    }

    @Test
    void whyNotIsAskedFromAnObjectOfTheLatestFindings() throws Exception {
        browser.get(url("/ui/"));
        wait.until(d -> !d.findElements(By.cssSelector("#limitations button")).isEmpty());
        browser.findElement(By.id("tab-findings")).click();
        wait.until(d -> !d.findElements(By.cssSelector("#findings tbody tr")).isEmpty());
        int findings = JSON.readTree(get("/api/v1/reports/latest")).get("findings").size();
        assertThat(browser.findElements(By.cssSelector("#findings tbody tr"))).hasSize(findings);
        new Select(browser.findElement(By.id("why-rule"))).selectByValue("KL-004");
        browser.findElement(By.id("why-subject")).sendKeys("Service/shop/storefront", Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("why-answer"),
                "first that did not hold"));
        assertThat(browser.findElement(By.cssSelector("#why-answer li.first-failing")).getText())
                .contains("CrossProtocolPort");
        shot("4-why-not");
    }

    @Test
    void theWorkbenchIsUsableByKeyboard() throws Exception {
        browser.get(url("/ui/"));
        wait.until(d -> !d.findElements(By.cssSelector("#limitations button")).isEmpty());
        WebElement body = browser.findElement(By.tagName("body"));
        body.sendKeys("/");
        WebElement filter = browser.switchTo().activeElement();
        assertThat(filter.getAttribute("id")).isEqualTo("filter");
        filter.sendKeys("KL-004", Keys.ARROW_DOWN);
        browser.switchTo().activeElement().sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("limitation"), "KL-004"));
        browser.switchTo().activeElement().sendKeys("4");
        wait.until(d -> d.findElement(By.id("tab-history")).getAttribute("aria-selected").equals("true"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("history"), "No change made"));
        assertThat(browser.findElement(By.id("panel-history")).isDisplayed()).isTrue();
        browser.switchTo().activeElement().sendKeys(Keys.ARROW_LEFT);
        wait.until(d -> d.findElement(By.id("tab-dryrun")).getAttribute("aria-selected").equals("true"));
        browser.switchTo().activeElement().sendKeys(Keys.END);
        wait.until(d -> d.findElement(By.id("tab-findings")).getAttribute("aria-selected").equals("true"));
    }

    /** A row of the history as it is now: the table is redrawn whenever the history is read. */
    private WebElement row(int index) {
        return wait.until(d -> {
            List<WebElement> rows = d.findElements(By.cssSelector("#history tbody tr"));
            return rows.size() > index ? rows.get(index) : null;
        });
    }

    private WebElement button(org.openqa.selenium.SearchContext in, String text) {
        return wait.until(d -> in.findElements(By.tagName("button")).stream()
                .filter(b -> b.getText().strip().equals(text)).findFirst().orElse(null));
    }

    private void shot(String name) throws Exception {
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), SHOTS.resolve(name + ".png"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    private List<String> servedIds() throws Exception {
        List<String> ids = new ArrayList<>();
        JSON.readTree(get("/api/v1/rules")).get("rules").forEach(r -> ids.add(r.get("id").asText()));
        return ids;
    }

    private String version() throws Exception {
        return JSON.readTree(get("/api/v1/rules")).at("/knowledgeBase/version").asText();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + app.port() + path;
    }

    private String get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
