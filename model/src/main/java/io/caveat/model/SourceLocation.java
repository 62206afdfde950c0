package io.caveat.model;

/**
 * Where an object of a finding was read: its file (as the snapshot was named on the command line, so that a
 * path under a repository is relative to it) and the line its object starts on; for SARIF's physicalLocation.
 */
public record SourceLocation(String file, int line) {
}
