package io.caveat.serve;

/** A file the service reads at each request (the waivers) went bad: answered 500 saying which and why. */
final class ConfigurationError extends RuntimeException {
    ConfigurationError(String message) {
        super(message);
    }
}
