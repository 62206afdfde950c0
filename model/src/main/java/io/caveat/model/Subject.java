package io.caveat.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The object a finding is about. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Subject(String kind, String namespace, String name) {
    @Override
    public String toString() {
        return namespace == null ? kind + "/" + name : kind + "/" + namespace + "/" + name;
    }
}
