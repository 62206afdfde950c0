package io.caveat.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.caveat.TestPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The KL-006 decision table contributes the demo's KL-006 finding, and a mistake in a decision table is reported at the sheet's row and cell, never at a line of the DRL Drools
 * generates from it. Each case edits one cell of the test knowledge base's KL-006 table (rows: 10 Idle, 11 Visibility
 * Only, 12 Selective, 13 unknown mode; code snippets on row 8, column titles on row 9).
 */
class DecisionTableTest {
    private static final String FOLDER = "limitations/KL-006-nodeport-needs-enforced-hosts/";
    private static final String TABLE_NAME = "KL-006-least-enforced-host.drl.csv";
    private static final String TABLE = FOLDER + TABLE_NAME;

    @TempDir
    Path dir;

    @Test
    void theRealTableLoadsAndItsRowsCarryTheirSeverity() throws IOException {
        KnowledgeBase kb = compile(table());
        assertThat(kb.files()).containsEntry("KL-006 NodePort service with container hosts in Selective", TABLE);
        assertThat(kb.severities()).containsEntry("KL-006 NodePort service with container hosts in Selective", "medium")
                .containsEntry("KL-006 NodePort service with container hosts in Idle", "high");
    }

    @Test
    void theDemosNodePortFindingComesFromTheTable() throws IOException {
        Path rules = dir.resolve("rules");
        TestPaths.copyTree(TestPaths.knowledgeBase(), rules);
        var finding = Evaluator.evaluate(RuleCompiler.compile(RuleSource.directory(rules)),
                        io.caveat.load.SnapshotLoader.load(TestPaths.demo())).findings().stream()
                .filter(f -> f.ruleId().equals("KL-006")).toList();
        assertThat(finding).singleElement().satisfies(f -> {
            assertThat(f.subject()).hasToString("Service/shop/storefront");
            assertThat(f.severity().label()).isEqualTo("high");
            assertThat(f.message()).endsWith("worker-2 in Visibility Only: NodePort traffic is reported, never blocked.");
        });
        Files.delete(rules.resolve(TABLE));
        assertThat(Evaluator.evaluate(RuleCompiler.compile(RuleSource.directory(rules)),
                io.caveat.load.SnapshotLoader.load(TestPaths.demo())).findings())
                .noneMatch(f -> f.ruleId().equals("KL-006"));
    }

    @Test
    void anUnknownSeverityNamesItsCell() throws IOException {
        String broken = table().replaceFirst(",yes,medium,", ",yes,urgent,");
        assertThat(diagnostics(broken)).singleElement().asString()
                .startsWith(TABLE + ":12:7: cell G12 (Severity): ").contains("urgent");
    }

    @Test
    void aSeverityCellIsFoundEvenWhenAnotherCellOfTheRowHoldsTheSameWord() throws IOException {
        String broken = table().replaceFirst(",yes,medium,", ",yes,yes,");
        assertThat(diagnostics(broken)).singleElement().asString()
                .startsWith(TABLE + ":12:7: cell G12 (Severity): unknown severity 'yes'");
    }

    /** Drools analyses an expression once: the same bad value in two rows is one error, at the first. */
    @Test
    void aValueTheCompilerRejectsNamesItsCell() throws IOException {
        String broken = table().replace("visibility_only,yes,yes,true,", "visibility_only,yes,yes,treu,")
                .replace("selective,yes,yes,true,", "selective,yes,yes,treu,");
        assertThat(broken).contains("visibility_only,yes,yes,treu,", "selective,yes,yes,treu,");
        assertThat(diagnostics(broken)).singleElement().asString()
                .startsWith(TABLE + ":11:5: cell E11 (Service allocates node ports): ")
                .contains("treu").doesNotContain("Line");
    }

    @Test
    void aMessageNamingWhatTheRowDoesNotBindNamesTheMessageCell() throws IOException {
        String broken = table().replace("never blocked\"", "never blocked on {$nodes}\"");
        assertThat(diagnostics(broken)).singleElement().asString()
                .startsWith(TABLE + ":11:9: cell I11 (What that mode does to NodePort traffic (ends the message)): ")
                .contains("{$nodes}");
    }

    @Test
    void aMistakeInAColumnsCodeIsSaidOnceAtTheCodeCell() throws IOException {
        String fixedPattern = table().replace("ContainerHost( enforcementMode != \"\"full\"\" )",
                "ContainerHost( enforcementMod != \"\"full\"\" )");
        assertThat(diagnostics(fixedPattern)).singleElement().asString()
                .startsWith(TABLE + ":8:4: cell D8 (Some container host is not in Full): ")
                .endsWith("(in every row: the column's code)");
        String withParam = table().replace("\"mode == \"\"$param\"\"\"", "\"mod == \"\"$param\"\"\"");
        assertThat(withParam).contains("mod == ");
        assertThat(diagnostics(withParam)).singleElement().asString()
                .startsWith(TABLE + ":8:2: cell B8 (Least-enforced container hosts are in mode): ");
        String inMessage = table().replace("{$notFull.hostnameAndMode}", "{$notFull.hostnameAndMode} {$nodez}");
        assertThat(diagnostics(inMessage)).singleElement().asString()
                .startsWith(TABLE + ":8:9: cell I8 (What that mode does to NodePort traffic (ends the message)): ")
                .contains("{$nodez}");
    }

    /** Imports are shared by the package, so Drools also reports the DRL file beside the table: first the cell. */
    @Test
    void aBadImportNamesTheRuleSetCell() throws IOException {
        String broken = table().replace("java.util.List", "java.util.Lisst");
        assertThat(diagnostics(broken)).first().asString()
                .startsWith(TABLE + ":2:2: cell B2: import java.util.Lisst: a limitation imports only ");
    }

    private java.util.List<String> diagnostics(String table) {
        try {
            compile(table);
        } catch (RuleLoadException e) {
            return e.diagnostics();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new AssertionError("the table compiled");
    }

    private String table() throws IOException {
        return Files.readString(TestPaths.knowledgeBase().resolve(TABLE));
    }

    private KnowledgeBase compile(String table) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(FOLDER));
        Files.writeString(folder.resolve(TABLE_NAME), table);
        for (String file : List.of("limitation.yaml", "KL-006.drl")) {
            Files.copy(TestPaths.knowledgeBase().resolve(FOLDER + file), folder.resolve(file),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        // The table's rows read the vocabulary's enforcement ranks.
        if (!Files.exists(dir.resolve("vocabulary"))) {
            TestPaths.copyTree(TestPaths.knowledgeBase().resolve("vocabulary"), dir.resolve("vocabulary"));
        }
        return RuleCompiler.compile(RuleSource.directory(dir));
    }
}
