package io.caveat.cli;

/** What the terminal caveat writes to allows: colour only on an interactive one, never with NO_COLOR set. */
final class Terminal {
    private Terminal() {
    }

    /** https://no-color.org: NO_COLOR set and not empty turns colour off; a pipe or a file never gets it. */
    static boolean colour() {
        String noColour = System.getenv("NO_COLOR");
        return System.console() != null && (noColour == null || noColour.isEmpty())
                && !"dumb".equals(System.getenv("TERM"));
    }
}
