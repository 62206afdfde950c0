package io.caveat.cli;

import io.caveat.model.SnapshotSummary;
import java.io.PrintWriter;

/**
 * Sources a live collection asked for and could not read (a PCE refusing the key, an unreachable API server):
 * the rules that needed them say "not evaluated", and the command's exit says the input is incomplete, so that
 * a pipeline never takes a partial answer for a clean one.
 */
final class SourceErrors {
    private SourceErrors() {
    }

    /** Says on stderr what could not be read, and whether anything was. */
    static boolean said(SnapshotSummary snapshot, PrintWriter err) {
        if (snapshot.unreadable().isEmpty()) {
            return false;
        }
        err.println("caveat: the snapshot is incomplete (" + snapshot.unreadableSources().size() + " source(s) "
                + "could not be read or judged); the rules that need them are not evaluated:");
        snapshot.unreadableSources().forEach(s -> err.println("  " + s));
        return true;
    }
}
