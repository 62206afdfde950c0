package io.caveat.collect;

/**
 * The PCE refused or failed a request. Messages name the API key, never its secret.
 *
 * @see #fatal() when true, no further request can succeed (bad credentials, PCE unreachable)
 */
public class PceException extends RuntimeException {
    private final boolean fatal;

    PceException(String message, boolean fatal) {
        super(message);
        this.fatal = fatal;
    }

    public boolean fatal() {
        return fatal;
    }
}
