package io.caveat.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.caveat.TestPaths;
import io.caveat.load.Snapshot;
import io.caveat.load.SnapshotLoader;
import io.caveat.model.Subject;
import java.util.List;
import org.junit.jupiter.api.Test;

class WhyNotTest {
    private final List<RuleFile> files = RuleSource.directory(TestPaths.knowledgeBase());
    private final KnowledgeBase kb = RuleCompiler.compile(files);
    private final Snapshot demo = SnapshotLoader.load(TestPaths.demo());

    @Test
    void aServiceWithoutMixedProtocolsFailsAtTheCrossProtocolConditionInTheRulesOwnWords() {
        List<WhyNot.Answer> answers = WhyNot.explain(kb, files, "KL-004", new Subject("Service", "shop", "storefront"),
                demo);
        assertThat(answers).singleElement().satisfies(a -> {
            assertThat(a.firstFailing()).startsWith("$extra : List( size > 0 ) from collect( CrossProtocolPort(");
            assertThat(a.conditions()).extracting(WhyNot.Condition::held).startsWith(true, true, true, true, false);
            assertThat(a.looked()).contains("Service shop/storefront");
        });
    }

    @Test
    void aSubjectWithAFindingHoldsEveryCondition() {
        List<WhyNot.Answer> answers = WhyNot.explain(kb, files, "KL-004",
                new Subject("Service", "app1", "web-frontend-svc"), demo);
        assertThat(answers).singleElement().satisfies(a -> {
            assertThat(a.firstFailing()).isNull();
            assertThat(a.conditions()).allSatisfy(c -> assertThat(c.held()).isTrue());
        });
    }
}
