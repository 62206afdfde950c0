package io.caveat.model;

import java.util.List;

/**
 * What the waivers did in one evaluation: how many findings they waived, and the waivers that did not apply —
 * expired ones (no longer honoured), stale ones (matching no finding) and invalid ones (an annotation without a
 * reason) — so that exemptions are visible, never silent.
 */
public record WaiverReport(int applied, List<String> expired, List<String> stale, List<String> invalid) {
    public WaiverReport {
        expired = List.copyOf(expired);
        stale = List.copyOf(stale);
        invalid = List.copyOf(invalid);
    }
}
