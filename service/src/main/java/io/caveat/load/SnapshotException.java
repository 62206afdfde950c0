package io.caveat.load;

/** The snapshot as a whole cannot be read (missing directory...). Problems in single files are reported, not thrown. */
public class SnapshotException extends RuntimeException {
    public SnapshotException(String message) {
        super(message);
    }
}
