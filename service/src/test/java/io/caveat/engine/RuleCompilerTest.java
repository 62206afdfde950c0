package io.caveat.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caveat.TestPaths;
import io.caveat.model.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleCompilerTest {
    private static final String HEADER = """
            package limitations;
            import io.caveat.model.*;
            """;
    private static final String META = """
                @id("KL-900")
                @title("A test limitation")
                @severity("low")
                @docs("https://example.com/kl-900")
                @remediation("Do the thing.")
            """;

    /** The smallest limitation rule: one finding per Service, worded by its @message. */
    private static final String WORDED_RULE =
            "rule \"KL-900 x\"\n    @message(\"x\")\nwhen\n    $s : Service()\nthen\n    insert(new Hit($s));\nend\n";

    @TempDir
    Path dir;

    @Test
    void theRepositoryRulesCompileWithTheirMetadata() {
        KnowledgeBase kb = RuleCompiler.compile(RuleSource.directory(TestPaths.knowledgeBase()));
        assertThat(kb.rules()).extracting(r -> r.id()).isSorted()
                .containsExactlyElementsOf(TestPaths.limitationIds(TestPaths.knowledgeBase()));
        assertThat(kb.rules()).allSatisfy(r -> {
            assertThat(r.docs()).startsWith("https://");
            assertThat(r.remediation()).endsWith(".");
            assertThat(r.limitation()).isNotBlank();
            assertThat(r.source()).endsWith("/limitation.yaml");
        });
        assertThat(kb.version()).hasSize(12);
    }

    @Test
    void aSyntaxErrorIsReportedWithFileAndLine() throws IOException {
        write("broken.drl", HEADER + """
                rule "KL-900 broken"
                """ + META + """
                when
                    $s : Service( type == "NodePort"
                then
                    insert(new Hit($s, "x"));
                end
                """);
        assertThatThrownBy(() -> RuleCompiler.compile(RuleSource.directory(dir)))
                .isInstanceOf(RuleLoadException.class)
                .satisfies(e -> assertThat(((RuleLoadException) e).diagnostics())
                        .anyMatch(d -> d.matches("broken\\.drl:1[01]:\\d+: .*")));
    }

    @Test
    void aRuleWithoutRequiredMetadataIsRefusedNamingWhatLacks() throws IOException {
        write("nometa.drl", HEADER + """
                rule "KL-901 no title"
                    @id("KL-901")
                    @severity("high")
                when
                    Service()
                then
                end
                """);
        assertThatThrownBy(() -> RuleCompiler.compile(RuleSource.directory(dir)))
                .isInstanceOf(RuleLoadException.class)
                .hasMessageContaining("nometa.drl:3:0: limitation KL-901 lacks metadata [@title, @docs, @remediation]");
    }

    @Test
    void aRuleWithoutIdIsRefusedAtItsLine() throws IOException {
        write("noid.drl", HEADER + "\n\nrule \"anonymous\"\nwhen\n    Service()\nthen\nend\n");
        assertThatThrownBy(() -> RuleCompiler.compile(RuleSource.directory(dir)))
                .hasMessageContaining("noid.drl:5:0: rule \"anonymous\" has no @id");
    }

    @Test
    void anUnknownSeverityIsRefused() throws IOException {
        write("sev.drl", HEADER + "rule \"KL-900 x\"\n" + META.replace("\"low\"", "\"urgent\"")
                + "when\n    Service()\nthen\nend\n");
        assertThatThrownBy(() -> RuleCompiler.compile(RuleSource.directory(dir)))
                .hasMessageContaining("sev.drl:3:0: unknown severity 'urgent'");
    }

    @Test
    void secondaryRulesOfALimitationInheritItsMetadataAndMayOverrideSeverity() throws IOException {
        write("two.drl", HEADER + "rule \"KL-900 main\"\n" + META + "when\n    Service()\nthen\nend\n"
                + "rule \"KL-900 extra\"\n    @id(\"KL-900\")\n    @severity(\"info\")\n    @requires(\"Pod\")\n"
                + "when\n    Pod()\nthen\nend\n");
        KnowledgeBase kb = RuleCompiler.compile(RuleSource.directory(dir));
        assertThat(kb.rules()).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo("KL-900");
            assertThat(r.severity()).isEqualTo(Severity.LOW);
        });
        assertThat(kb.severities()).containsEntry("KL-900 extra", "info");
        assertThat(kb.requires()).containsEntry("KL-900 extra", java.util.List.of("Pod"))
                .containsEntry("KL-900 main", java.util.List.of());
    }

    @Test
    void twoRulesOfALimitationOnOneSubjectMakeOneFindingAtTheHigherSeverityWhicheverFiresFirst() throws IOException {
        for (String salience : new String[] {"10", "-10"}) {
            write("both.drl", HEADER + "rule \"KL-900 mild\"\n" + META + "    @message(\"mild\")\n    salience "
                    + salience + "\n"
                    + "when\n    $s : Service( name == \"storefront\" )\nthen\n    insert(new Hit($s));\nend\n"
                    + "rule \"KL-900 severe\"\n    @id(\"KL-900\")\n    @severity(\"high\")\n    @message(\"severe\")\n"
                    + "when\n    $s : Service( name == \"storefront\" )\nthen\n    insert(new Hit($s));\nend\n");
            var evaluation = Evaluator.evaluate(RuleCompiler.compile(RuleSource.directory(dir)),
                    io.caveat.load.SnapshotLoader.load(TestPaths.demo().resolve("cluster/services.json")));
            assertThat(evaluation.findings()).singleElement().satisfies(f -> {
                assertThat(f.severity()).isEqualTo(Severity.HIGH);
                assertThat(f.message()).isEqualTo("severe");
            });
        }
    }

    @Test
    void aCsvDecisionTableLoadsWithItsMetadataAndFires() throws IOException {
        // One rule per row; METADATA columns give each generated rule its @id, @title, ...
        Files.copy(Path.of(getClass().getResource("/decision-table/KL-950-service-types.drl.csv").getPath()),
                dir.resolve("KL-950-service-types.drl.csv"));
        KnowledgeBase kb = RuleCompiler.compile(RuleSource.directory(dir));
        assertThat(kb.rules()).extracting(r -> r.id() + " " + r.severity().label() + " " + r.source())
                .containsExactly("KL-950 low KL-950-service-types.drl.csv", "KL-951 medium KL-950-service-types.drl.csv");
        var evaluation = Evaluator.evaluate(kb, io.caveat.load.SnapshotLoader.load(
                TestPaths.demo().resolve("cluster/services.json")));
        assertThat(evaluation.findings()).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("KL-950");
            assertThat(f.subject().toString()).isEqualTo("Service/shop/storefront");
            assertThat(f.message()).isEqualTo("a NodePort service");
        });
    }

    @Test
    void aRequiresNamingNoFactKindIsRefused() throws IOException {
        write("typo.drl", HEADER + "rule \"KL-900 x\"\n" + META + "    @requires(\"Services\")\n"
                + "when\n    Service()\nthen\nend\n");
        assertThatThrownBy(() -> RuleCompiler.compile(RuleSource.directory(dir)))
                .hasMessageContaining("typo.drl:3:0: @requires names 'Services', which is no fact kind");
    }

    @Test
    void aMessageTemplateIsFilledFromTheMatch() throws IOException {
        write("worded.drl", HEADER + "rule \"KL-900 worded\"\n" + META
                + "    @message(\"{$s.type} Service {$s} has {$ports|count:port}: {$ports.portProtocol}; {$s.missing}; {$s|count:service}\")\n"
                + "when\n    $s : Service( $n : name == \"dns-default\" )\n"
                + "    $ports : java.util.List() from collect( ServicePort( service == $s.key ) )\nthen\n"
                + "    insert(new Hit($s));\nend\n");
        var evaluation = Evaluator.evaluate(RuleCompiler.compile(RuleSource.directory(dir)),
                io.caveat.load.SnapshotLoader.load(TestPaths.demo().resolve("cluster/services.json")));
        assertThat(evaluation.findings()).singleElement().satisfies(f -> assertThat(f.message())
                .isEqualTo("ClusterIP Service openshift-dns/dns-default has 3 ports: 53/TCP, 53/UDP, 9154/TCP; {missing?}; 1 service"));
    }

    @Test
    void aMessageNamingWhatTheRuleDoesNotBindIsRefused() throws IOException {
        write("unbound.drl", HEADER + "rule \"KL-900 worded\"\n" + META + "    @message(\"{$svc.name}\")\n"
                + "when\n    $s : Service( $n : name )\nthen\n    insert(new Hit($s));\nend\n");
        assertThatThrownBy(() -> RuleCompiler.compile(RuleSource.directory(dir)))
                .hasMessageContaining("unbound.drl:9:14: rule \"KL-900 worded\" @message uses {$svc}, which the rule "
                        + "does not bind; it binds $n, $s");
    }

    @Test
    void aHitWithoutMessageNeedsATemplate() throws IOException {
        write("mute.drl", HEADER + "rule \"KL-900 mute\"\n" + META + "when\n    $s : Service()\nthen\n"
                + "    insert(new Hit($s));\nend\n");
        assertThatThrownBy(() -> RuleCompiler.compile(RuleSource.directory(dir)))
                .hasMessageContaining("mute.drl:3:0: rule \"KL-900 mute\" inserts new Hit(subject) without a message");
    }

    @Test
    void aRuleThatFailsWhileFiringIsAnErrorAndTheOthersStillFire() throws IOException {
        write("fail.drl", HEADER + "rule \"KL-900 throws\"\n" + META + "    @message(\"x\")\n"
                + "when\n    $s : Service()\nthen\n"
                + "    $s.selector().get(\"missing\").toString();\n    insert(new Hit($s));\nend\n"
                + "rule \"KL-901 works\"\n" + META.replace("KL-900", "KL-901") + "    @message(\"seen\")\n"
                + "when\n    $s : Service()\nthen\n    insert(new Hit($s));\nend\n");
        var evaluation = Evaluator.evaluate(RuleCompiler.compile(RuleSource.directory(dir)),
                io.caveat.load.SnapshotLoader.load(TestPaths.demo().resolve("cluster/services.json")));
        assertThat(evaluation.rules()).filteredOn(r -> r.id().equals("KL-900")).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo("error");
            assertThat(r.reason()).contains("rule \"KL-900 throws\" failed on Service", "NullPointerException");
        });
        assertThat(evaluation.findings()).extracting(f -> f.ruleId()).containsOnly("KL-901").hasSize(4);
    }

    @Test
    void aRuleThatLoopsIsStoppedAtTheFiringBoundAndTheOthersStillFire() throws IOException {
        write("loop.drl", HEADER + "rule \"KL-900 loops\"\n" + META + "    @message(\"x\")\n"
                + "when\n    $s : Service()\nthen\n    update($s);\nend\n"
                + "rule \"KL-901 works\"\n" + META.replace("KL-900", "KL-901") + "    @message(\"seen\")\n"
                + "when\n    $s : Service()\nthen\n    insert(new Hit($s));\nend\n");
        var evaluation = Evaluator.evaluate(RuleCompiler.compile(RuleSource.directory(dir)),
                io.caveat.load.SnapshotLoader.load(TestPaths.demo().resolve("cluster/services.json")),
                new EvaluationLimits(2_000, java.time.Duration.ofSeconds(30)));
        assertThat(evaluation.rules()).filteredOn(r -> r.id().equals("KL-900")).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo("error");
            assertThat(r.reason()).contains("rule \"KL-900 loops\" was stopped", "the bound of 2000 firings",
                    "no-loop");
        });
        assertThat(evaluation.findings()).extracting(f -> f.ruleId()).containsOnly("KL-901").hasSize(4);
    }

    @Test
    void aRuleThatUpdatesWithoutNoLoopIsWarnedAbout() throws IOException {
        write("loop.drl", HEADER + "rule \"KL-900 loops\"\n" + META + "when\n    $s : Service()\nthen\n"
                + "    update($s);\nend\n"
                + "rule \"KL-901 settles\"\n" + META.replace("KL-900", "KL-901") + "    no-loop true\n"
                + "when\n    $s : Service()\nthen\n    update($s);\nend\n");
        KnowledgeBase kb = RuleCompiler.compile(RuleSource.directory(dir));
        assertThat(kb.warnings()).filteredOn(w -> w.contains("without no-loop")).singleElement()
                .satisfies(w -> assertThat(w).startsWith("KL-900 rule \"KL-900 loops\" updates a fact"));
    }

    @Test
    void aRuleThatOutlivesTheTimeBoundIsStoppedAndTheOthersStillFire() throws IOException {
        write("slow.drl", HEADER + "rule \"KL-900 slow\"\n" + META + "    @message(\"x\")\n"
                + "when\n    $s : Service()\nthen\n    update($s);\nend\n"
                + "rule \"KL-901 works\"\n" + META.replace("KL-900", "KL-901") + "    @message(\"seen\")\n"
                + "when\n    $s : Service()\nthen\n    insert(new Hit($s));\nend\n");
        var evaluation = Evaluator.evaluate(RuleCompiler.compile(RuleSource.directory(dir)),
                io.caveat.load.SnapshotLoader.load(TestPaths.demo().resolve("cluster/services.json")),
                new EvaluationLimits(Long.MAX_VALUE, java.time.Duration.ofMillis(500)));
        assertThat(evaluation.rules()).filteredOn(r -> r.id().equals("KL-900")).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo("error");
            assertThat(r.reason()).contains("rule \"KL-900 slow\" was stopped", "time bound of 0.5 s");
        });
        assertThat(evaluation.findings()).extracting(f -> f.ruleId()).containsOnly("KL-901").hasSize(4);
    }

    @Test
    void aConditionThatThrowsIsAnErrorAndTheOthersStillFire() throws IOException {
        write("cond.drl", HEADER + "rule \"KL-900 throws\"\n" + META + "    @message(\"x\")\n"
                + "when\n    $s : Service( selector.get(\"missing\").length() > 0 )\nthen\n"
                + "    insert(new Hit($s));\nend\n"
                + "rule \"KL-901 works\"\n" + META.replace("KL-900", "KL-901") + "    @message(\"seen\")\n"
                + "when\n    $s : Service()\nthen\n    insert(new Hit($s));\nend\n");
        KnowledgeBase kb = RuleCompiler.compile(RuleSource.directory(dir));
        var snapshot = io.caveat.load.SnapshotLoader.load(TestPaths.demo().resolve("cluster/services.json"));
        // Twice on one knowledge base: setting the rule aside for one evaluation leaves the knowledge base whole.
        for (int run = 0; run < 2; run++) {
            var evaluation = Evaluator.evaluate(kb, snapshot);
            assertThat(evaluation.rules()).filteredOn(r -> r.id().equals("KL-900")).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo("error");
                assertThat(r.reason()).contains("a condition of rule \"KL-900 throws\" failed",
                        "NullPointerException");
            });
            assertThat(evaluation.findings()).extracting(f -> f.ruleId()).containsOnly("KL-901").hasSize(4);
        }
    }

    @Test
    void metadataThatWouldRunCodeIsRefusedBeforeCompiling() throws IOException {
        write("evil.drl", HEADER + "rule \"KL-900 x\"\n" + META.replace("@id(\"KL-900\")",
                "@id(java.lang.System.setProperty(\"caveat.pwned\", \"yes\"))") + "when\n    Service()\nthen\nend\n");
        assertThatThrownBy(() -> RuleCompiler.compile(RuleSource.directory(dir)))
                .hasMessageContaining("evil.drl:4:9: metadata @id must be a quoted string, a number or names");
        assertThat(System.getProperty("caveat.pwned")).isNull();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
        "@id /* a comment */ (java.lang.System.setProperty(\"caveat.pwned\", \"yes\"))",
        "@id // a comment\n    (java.lang.System.setProperty(\"caveat.pwned\", \"yes\"))",
        "@ id(java.lang.System.setProperty(\"caveat.pwned\", \"yes\"))",
        "@a.id(java.lang.System.setProperty(\"caveat.pwned\", \"yes\"))",
        "@id(\"KL-900\") @title(java.lang.System.setProperty(\"caveat.pwned\", \"yes\"))"})
    void everyWayOfWritingAnAnnotationIsChecked(String annotation) throws IOException {
        write("evil.drl", HEADER + "rule \"KL-900 x\"\n    " + annotation + "\n" + META.replace("@id(\"KL-900\")", "")
                + "when\n    Service()\nthen\nend\n");
        assertThatThrownBy(() -> RuleCompiler.compile(RuleSource.directory(dir)))
                .hasMessageContaining("must be a quoted string, a number or names");
        assertThat(System.getProperty("caveat.pwned")).isNull();
    }

    @Test
    void declaredFieldsMayOnlyStartWithLiterals() throws IOException {
        write("declare.drl", HEADER + "declare Probe\n    v : boolean = java.lang.Boolean.valueOf(System.setProperty("
                + "\"caveat.declare\", \"ran\") == null)\nend\nrule \"KL-900 x\"\n" + META
                + "when\n    Service()\nthen\nend\n");
        assertThatThrownBy(() -> RuleCompiler.compile(RuleSource.directory(dir)))
                .hasMessageContaining("declare.drl:4:").hasMessageContaining("initial value of declared field v");
        assertThat(System.getProperty("caveat.declare")).isNull();
    }

    @Test
    void rulesThatCompileButLookWrongAreWarnedAbout() throws IOException {
        write("lint.drl", HEADER + "rule \"KL-900 x\"\n" + META.replace("Do the thing.", "Do the thing")
                .replace("https://example.com/kl-900", "http://example.com/kl-900")
                + "when\n    Evidence()\n    $s : Service()\nthen\nend\n");
        KnowledgeBase kb = RuleCompiler.compile(RuleSource.directory(dir));
        assertThat(kb.warnings()).anySatisfy(w -> assertThat(w).contains("matches Evidence, which caveat never inserts"))
                .anySatisfy(w -> assertThat(w).contains("should end with a full stop"))
                .anySatisfy(w -> assertThat(w).contains("should be https"))
                .noneSatisfy(w -> assertThat(w).contains("matches Service"));
        assertThat(RuleCompiler.compile(RuleSource.directory(TestPaths.knowledgeBase())).warnings()).isEmpty();
    }

    @Test
    void anEmptyDirectoryIsAnError() {
        assertThatThrownBy(() -> RuleCompiler.compile(RuleSource.directory(dir)))
                .hasMessageContaining("no rule files");
    }

    @Test
    void theVersionChangesWithTheContent() throws IOException {
        write("a.drl", HEADER + "rule \"KL-900 a\"\n" + META + "when\n    Service()\nthen\nend\n");
        String first = RuleCompiler.compile(RuleSource.directory(dir)).version();
        write("a.drl", HEADER + "rule \"KL-900 a\"\n" + META + "when\n    Pod()\nthen\nend\n");
        assertThat(RuleCompiler.compile(RuleSource.directory(dir)).version()).isNotEqualTo(first);
    }

    @Test
    void aLimitationFolderTakesItsWordsFromLimitationYaml() throws IOException {
        Path folder = limitationFolder("severity: low\n");
        Files.writeString(folder.resolve("KL-900.drl"), HEADER + """
                rule "KL-900 worded"
                    @message("Service {$s} is judged.")
                when
                    $s : Service()
                then
                    insert(new Hit($s));
                end
                """);
        KnowledgeBase kb = RuleCompiler.compile(RuleSource.directory(dir));
        assertThat(kb.rules()).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo("KL-900");
            assertThat(r.severity().label()).isEqualTo("low");
            assertThat(r.source()).isEqualTo("limitations/KL-900-x/limitation.yaml");
            assertThat(r.origin()).isEqualTo("A page, 2026");
            assertThat(r.remediation()).isEqualTo("Do the thing, over two lines.");
        });
        assertThat(kb.ruleIds()).containsEntry("KL-900 worded", "KL-900");
    }

    @Test
    void aMistakeInLimitationYamlIsNamedAtItsLineAndColumn() throws IOException {
        limitationFolder("severity: [low]\ncolour: red\n");
        Files.writeString(dir.resolve("limitations/KL-900-x/KL-900.drl"), HEADER + WORDED_RULE);
        assertThatThrownBy(() -> RuleCompiler.compile(RuleSource.directory(dir)))
                .isInstanceOfSatisfying(RuleLoadException.class, e -> assertThat(e.diagnostics()).containsExactly(
                        "limitations/KL-900-x/limitation.yaml:3:1: severity must be text, not a list",
                        "limitations/KL-900-x/limitation.yaml:4:1: unknown key 'colour' (known: id, title, severity,"
                                + " docs, remediation, requires, source, appliesTo, detects, limitation)"));
    }

    @Test
    void javaInALimitationsRulesIsRefusedWhereItIs() throws IOException {
        Path folder = limitationFolder("severity: low\n");
        Files.writeString(folder.resolve("KL-900.drl"), HEADER.replace("import io.caveat.model.*;",
                "import io.caveat.model.*;\nimport java.util.TreeSet;") + """
                function String shout(String s) { return s.toUpperCase(); }

                rule "KL-900 java"
                when
                    $s : Service()
                    $all : java.util.List() from collect( Service() )
                then
                    Service first = (Service) $all.get(0);
                    insert(new Hit($s, String.format("%s", shout(first.name()))));
                end
                """);
        assertThatThrownBy(() -> RuleCompiler.compile(RuleSource.directory(dir)))
                .isInstanceOfSatisfying(RuleLoadException.class, e -> assertThat(e.diagnostics())
                        .anyMatch(d -> d.matches("limitations/KL-900-x/KL-900.drl:\\d+:\\d+: function shout: .*"))
                        .anyMatch(d -> d.matches("limitations/KL-900-x/KL-900.drl:\\d+:\\d+: import java.util.TreeSet: .*"))
                        .anyMatch(d -> d.contains("word the finding with @message"))
                        .anyMatch(d -> d.contains("'(Service) $': a cast is Java"))
                        .anyMatch(d -> d.contains("'String.format(': String.format is Java")));
    }

    @Test
    void javaInTheWhenPartAndInDisguiseIsRefusedButNotInCommentsOrStrings() throws IOException {
        Path folder = limitationFolder("severity: low\n");
        Files.writeString(folder.resolve("KL-900.drl"), HEADER + """
                import function java.lang.String.format;
                global java.util.List seen;

                rule "KL-900 java in when"
                    @message("Service {$s} (Illumio) says: no String.format( here")
                when
                    $s : Service( ((String) name).length() > 3 )
                    eval( $s.name().isEmpty() )
                    $n : String() from accumulate( Service(), init( StringBuilder b = new StringBuilder(); ),
                        action( b.append(1); ), result( b.toString() ) )
                then
                    // a (Cast) in a comment is fine
                    insert(new Hit($s));
                end
                """);
        assertThatThrownBy(() -> RuleCompiler.compile(RuleSource.directory(dir)))
                .isInstanceOfSatisfying(RuleLoadException.class, e -> {
                    assertThat(e.diagnostics()).anyMatch(d -> d.contains("a function import is Java"))
                            .anyMatch(d -> d.contains("a global is Java state"))
                            .anyMatch(d -> d.contains("'((String) n': a cast is Java") || d.contains("(String) n"))
                            .anyMatch(d -> d.contains("eval runs Java"))
                            .anyMatch(d -> d.contains("an accumulate with its own code is Java"))
                            .noneMatch(d -> d.contains("(Cast)") || d.contains("(Illumio)") || d.contains("format("));
                });
    }

    @Test
    void aVocabularyRuleThatFindsSomethingIsRefused() throws IOException {
        Path vocabulary = Files.createDirectories(dir.resolve("vocabulary"));
        Files.writeString(vocabulary.resolve("terms.drl"), HEADER
                + "rule \"vocabulary: a finding\"\nwhen\n    $s : Service()\nthen\n    insert(new Hit ($s));\nend\n");
        limitationFolder("severity: low\n");
        Files.writeString(dir.resolve("limitations/KL-900-x/KL-900.drl"), HEADER + WORDED_RULE);
        assertThatThrownBy(() -> RuleCompiler.compile(RuleSource.directory(dir)))
                .isInstanceOfSatisfying(RuleLoadException.class, e -> assertThat(e.diagnostics())
                        .anyMatch(d -> d.startsWith("vocabulary/terms.drl:7:") && d.contains("a vocabulary rule inserts"
                                + " no Hit")));
    }

    @Test
    void aLimitationYamlOutsideALimitationsFolderOrWithAnotherIdIsRefused() throws IOException {
        Path folder = limitationFolder("severity: low\n");
        Files.writeString(folder.resolve("KL-900.drl"), HEADER + WORDED_RULE);
        Files.writeString(folder.resolve("limitation.yaml"), Files.readString(folder.resolve("limitation.yaml"))
                .replace("id: KL-900", "id: KL-901") + "---\nid: KL-902\n");
        Files.createDirectories(dir.resolve("vocabulary"));
        Files.copy(folder.resolve("limitation.yaml"), dir.resolve("vocabulary/limitation.yaml"));
        assertThatThrownBy(() -> RuleCompiler.compile(RuleSource.directory(dir)))
                .isInstanceOfSatisfying(RuleLoadException.class, e -> assertThat(e.diagnostics())
                        .anyMatch(d -> d.startsWith("limitations/KL-900-x/limitation.yaml:1:1: id KL-901 is not the"
                                + " folder's (KL-900-x)"))
                        .anyMatch(d -> d.contains("a second YAML document"))
                        .anyMatch(d -> d.startsWith("vocabulary/limitation.yaml:1:1: a limitation.yaml belongs in its"
                                + " own folder")));
    }

    @Test
    void aMisspeltPlaceholderIsACompileError() throws IOException {
        Path folder = limitationFolder("severity: low\n");
        Files.writeString(folder.resolve("KL-900.drl"), HEADER + """
                rule "KL-900 x"
                    @message("{$s|cuont:service}; {$s.name|or:unknown {$s}}; {#$s}open")
                when
                    $s : Service()
                then
                    insert(new Hit($s));
                end
                """);
        assertThatThrownBy(() -> RuleCompiler.compile(RuleSource.directory(dir)))
                .isInstanceOfSatisfying(RuleLoadException.class, e -> assertThat(e.diagnostics())
                        .anyMatch(d -> d.contains("'{$s|cuont:service}' is no placeholder"))
                        .anyMatch(d -> d.contains("'{$s.name|or:unknown {$s}' is no placeholder"))
                        .anyMatch(d -> d.contains("{#$s} (or {^$s}) is never closed")));
    }

    @Test
    void aVocabularyRuleThatFailsMakesEveryLimitationAnErrorNotASilentPass() throws IOException {
        Path vocabulary = Files.createDirectories(dir.resolve("vocabulary"));
        Files.writeString(vocabulary.resolve("terms.drl"), HEADER + """
                declare Named
                    name : String @key
                end

                rule "vocabulary: a service's selector"
                when
                    $s : Service()
                then
                    insert(new Named($s.selector().get("missing").toString()));
                end
                """);
        Path folder = limitationFolder("severity: low\n");
        Files.writeString(folder.resolve("KL-900.drl"), HEADER + WORDED_RULE);
        var evaluation = Evaluator.evaluate(RuleCompiler.compile(RuleSource.directory(dir)),
                io.caveat.load.SnapshotLoader.load(TestPaths.demo().resolve("cluster/services.json")));
        assertThat(evaluation.rules()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo("error");
            assertThat(r.reason()).contains("the vocabulary's rule \"vocabulary: a service's selector\" failed",
                    "the facts it derives are incomplete");
        });
    }

    /** A limitation folder limitations/KL-900-x with a limitation.yaml holding {@code extra} after its title. */
    private Path limitationFolder(String extra) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("limitations/KL-900-x"));
        Files.writeString(folder.resolve("limitation.yaml"), "id: KL-900\ntitle: A test limitation\n" + extra + """
                docs: https://example.com/page
                source: A page, 2026
                remediation: >-
                  Do the thing,
                  over two lines.
                """);
        return folder;
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text);
    }
}
