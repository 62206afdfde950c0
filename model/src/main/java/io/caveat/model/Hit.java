package io.caveat.model;

/**
 * What a rule inserts when it fires: the subject and the explanation. The engine adds the rule's metadata
 * (id, title, severity, remediation, docs), the matched facts as evidence, and a fingerprint.
 *
 * @param severity null to use the rule's @severity; info, low, medium, high or critical to override it
 */
public record Hit(String subjectKind, String subjectNamespace, String subjectName, String message,
                  String severity) {

    /** A finding about a fact, at the rule's severity. */
    public Hit(Fact subject, String message) {
        this(subject.kind(), subject.namespace(), subject.name(), message, null);
    }

    /** A finding about a fact, at another severity than the rule's. */
    public Hit(Fact subject, String message, String severity) {
        this(subject.kind(), subject.namespace(), subject.name(), message, severity);
    }
}
