package io.caveat.model;

/**
 * What a rule inserts when it fires: the subject and the explanation. The engine adds the rule's metadata
 * (id, title, severity, remediation, docs), the matched facts as evidence, and a fingerprint.
 *
 * @param subjectKey the subject's stable key (href, namespace/name...): what the fingerprint is made of, so that
 *                   renaming a rule set or two hosts sharing a hostname never merge or split findings
 * @param message    null when the rule's @message template words it
 * @param severity   null to use the rule's @severity; info, low, medium, high or critical to override it
 */
public record Hit(String subjectKind, String subjectNamespace, String subjectName, String subjectKey, String message,
                  String severity) {

    /** A finding about a fact worded by the rule's @message template. */
    public Hit(Fact subject) {
        this(subject, null, null);
    }

    /** A finding about a fact, at the rule's severity. */
    public Hit(Fact subject, String message) {
        this(subject, message, null);
    }

    /** A finding about a fact, at another severity than the rule's. */
    public Hit(Fact subject, String message, String severity) {
        this(subject.kind(), subject.namespace(), subject.name(), subject.key(), message, severity);
    }
}
