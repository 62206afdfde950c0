package io.caveat.cli;

import static io.caveat.cli.EvaluateCommandTest.caveat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.caveat.TestPaths;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as kubectl users expect it: -o formats, stdin, namespaces and selectors, completion. */
class KubectlStyleCliTest {
    private static final int DEMO_FINDINGS = TestPaths.demoFindings(TestPaths.knowledgeBase());

    @TempDir
    Path dir;

    private static EvaluateCommandTest.Run evaluate(String... more) {
        List<String> args = new ArrayList<>(List.of("evaluate", "--rules=" + TestPaths.knowledgeBase(),
                TestPaths.demo().toString()));
        args.addAll(List.of(more));
        return caveat(args.toArray(String[]::new));
    }

    @Test
    void everyReportFormatComesFromEvaluateWithTheSameFindings() throws Exception {
        EvaluateCommandTest.Run yaml = evaluate("-o", "yaml");
        assertThat(yaml.status()).isEqualTo(1);
        assertThat(new YAMLMapper().readTree(yaml.out()).get("findings")).hasSize(DEMO_FINDINGS);

        EvaluateCommandTest.Run sarif = evaluate("-o", "sarif");
        assertThat(new ObjectMapper().readTree(sarif.out()).at("/runs/0/results")).hasSize(DEMO_FINDINGS);

        EvaluateCommandTest.Run junit = evaluate("--output", "junit");
        var xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(junit.out().getBytes(StandardCharsets.UTF_8)));
        assertThat(xml.getElementsByTagName("failure").getLength()).isEqualTo(DEMO_FINDINGS);

        EvaluateCommandTest.Run csv = evaluate("-o", "csv");
        assertThat(csv.out().lines().count()).isEqualTo(DEMO_FINDINGS + 1);

        EvaluateCommandTest.Run html = evaluate("-o", "html");
        assertThat(html.out()).startsWith("<!DOCTYPE html>").contains("</html>");
    }
}
