package io.caveat.collect;

import java.util.Base64;
import java.util.regex.Pattern;

/**
 * What an upstream (the PCE, the API server, a proxy between) says back in an error, cut to a short excerpt that
 * can go into outputs and archives: never an Authorization header, a Basic or Bearer token, or the secret caveat
 * sent, even when the server echoes the request.
 */
final class Redaction {
    /** Enough to tell one error from another; error pages are long. */
    static final int EXCERPT = 160;
    private static final String HIDDEN = "[redacted]";
    private static final Pattern AUTHORIZATION = Pattern.compile("(?i)(proxy-)?authorization\\s*[:=]\\s*\\S+(\\s+\\S+)?");
    private static final Pattern SCHEME_TOKEN = Pattern.compile("(?i)\\b(basic|bearer|token)\\s+[A-Za-z0-9+/=._~-]{8,}");
    private static final Pattern SECRET_FIELD = Pattern.compile(
            "(?i)\"?(secret|password|api_secret|auth_token|access_token)\"?\\s*[:=]\\s*\"?[^\"\\s,}]+\"?");

    private Redaction() {
    }

    /** A one-line excerpt of {@code text}, credentials and the given secrets (and their Basic form) removed. */
    static String excerpt(String text, String user, String secret) {
        if (text == null) {
            return "(no body)";
        }
        String out = text.replaceAll("\\s+", " ").strip();
        if (secret != null && !secret.isEmpty()) {
            out = out.replace(secret, HIDDEN);
            if (user != null) {
                String basic = Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(
                        java.nio.charset.StandardCharsets.UTF_8));
                out = out.replace(basic, HIDDEN);
            }
        }
        out = AUTHORIZATION.matcher(out).replaceAll("Authorization: " + HIDDEN);
        out = SCHEME_TOKEN.matcher(out).replaceAll("$1 " + HIDDEN);
        out = SECRET_FIELD.matcher(out).replaceAll("$1: " + HIDDEN);
        return out.length() <= EXCERPT ? out : out.substring(0, EXCERPT) + "...";
    }
}
