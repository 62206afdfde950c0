package io.caveat.serve;

/** Answered 404 with what was not found. */
final class NotFound extends RuntimeException {
    NotFound(String message) {
        super(message);
    }
}
