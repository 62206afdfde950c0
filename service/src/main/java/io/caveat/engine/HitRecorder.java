package io.caveat.engine;

import io.caveat.model.Hit;
import java.util.ArrayList;
import java.util.List;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.runtime.rule.Match;

/**
 * Records each {@link Hit} a rule inserts together with the rule and the facts of the match that fired it, so
 * that rules need not say which rule they are or what they matched: the engine knows.
 */
final class HitRecorder {
    /** A hit and where it came from. */
    record Recorded(String ruleName, Hit hit, List<Object> matched) {
    }

    private final List<Recorded> recorded = new ArrayList<>();
    private Match current;

    final DefaultAgendaEventListener agenda = new DefaultAgendaEventListener() {
        @Override
        public void beforeMatchFired(BeforeMatchFiredEvent event) {
            current = event.getMatch();
        }
    };

    final DefaultRuleRuntimeEventListener runtime = new DefaultRuleRuntimeEventListener() {
        @Override
        public void objectInserted(ObjectInsertedEvent event) {
            if (event.getObject() instanceof Hit hit && event.getRule() != null) {
                List<Object> matched = current != null && current.getRule().getName().equals(event.getRule().getName())
                        ? List.copyOf(current.getObjects()) : List.of();
                recorded.add(new Recorded(event.getRule().getName(), worded(hit, event), matched));
            }
        }
    };

    /** A hit without a message takes the rule's @message, filled from the match that fired it. */
    private Hit worded(Hit hit, ObjectInsertedEvent event) {
        if (hit.message() != null) {
            return hit;
        }
        Object template = event.getRule().getMetaData().get("message");
        String message = template == null || current == null ? "(the rule has no @message)"
                : MessageTemplate.fill(template.toString(), current::getDeclarationValue);
        return new Hit(hit.subjectKind(), hit.subjectNamespace(), hit.subjectName(), hit.subjectKey(), message);
    }

    List<Recorded> recorded() {
        return recorded;
    }
}
