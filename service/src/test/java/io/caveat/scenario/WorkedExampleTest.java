package io.caveat.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.caveat.TestPaths;
import io.caveat.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guide's worked example, followed literally: its files written into a copy of rules/, then checked and tested. */
class WorkedExampleTest {
    private static final Pattern FILE_BLOCK = Pattern.compile("```\\w+ file=(\\S+)\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path rules;

    @Test
    void theGuidesNewLimitationCompilesAndItsScenariosPass() throws IOException {
        TestPaths.copyTree(TestPaths.rules(), rules);
        Matcher block = FILE_BLOCK.matcher(Files.readString(TestPaths.rules().resolve("README.md")));
        int written = 0;
        while (block.find()) {
            Path file = rules.resolve(block.group(1));
            Files.createDirectories(file.getParent());
            Files.writeString(file, block.group(2));
            written++;
        }
        assertThat(written).as("file blocks of the worked example").isEqualTo(4);

        int limitations = TestPaths.limitationIds(TestPaths.rules()).size() + 1;
        assertThat(run("rules", "check", rules.toString())).startsWith("0\n").contains(limitations + " limitations");
        String tested = run("rules", "test", rules.toString());
        assertThat(tested).startsWith("0\n")
                .contains("PASS KL-100  limitations/KL-100-node-port-snat/fires.cluster-policy.yaml",
                        "PASS KL-100  limitations/KL-100-node-port-snat/passes.local-policy.yaml", " 0 failed");

        Path fires = rules.resolve("limitations/KL-100-node-port-snat/fires.cluster-policy.yaml");
        Files.writeString(fires, Files.readString(fires).replace("\"externalTrafficPolicy Cluster\"",
                "\"externalTrafficPolicy Local\""));
        assertThat(run("rules", "test", rules.toString())).startsWith("1\n").contains("FAIL KL-100",
                "message lacks \"externalTrafficPolicy Local\"; it reads: NodePort Service shop/storefront forwards");
    }

    /** The exit status, a newline, then what the command printed on standard output and error. */
    private static String run(String... args) {
        StringWriter out = new StringWriter();
        int status = Main.run(new PrintWriter(out, true), new PrintWriter(out, true), args);
        return status + "\n" + out;
    }
}
