package io.caveat.serve;

/** A request the service cannot act on; answered 400 with the field or position that is wrong. */
final class BadRequest extends RuntimeException {
    private final String field;

    BadRequest(String message, String field) {
        super(message);
        this.field = field;
    }

    String field() {
        return field;
    }
}
