package io.caveat.model;

/** @param version a hash of the rule files' contents */
public record KnowledgeBaseInfo(String version, int rules) {
}
