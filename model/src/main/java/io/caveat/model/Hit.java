package io.caveat.model;

/**
 * What a rule inserts when it fires: the subject, {@code insert(new Hit($svc))}. The engine words it with the rule's
 * @message, and adds the limitation's metadata (id, title, severity, remediation, docs), the matched facts as
 * evidence, and a fingerprint.
 *
 * @param subjectKey the subject's stable key (href, namespace/name...): what the fingerprint is made of, so that
 *                   renaming a rule set or two hosts sharing a hostname never merge or split findings
 * @param message    null until the engine fills in the rule's @message template from the match
 */
public record Hit(String subjectKind, String subjectNamespace, String subjectName, String subjectKey,
                  String message) {

    /** A finding about a fact, worded by the rule's @message template. */
    public Hit(Fact subject) {
        this(subject.kind(), subject.namespace(), subject.name(), subject.key(), null);
    }
}
