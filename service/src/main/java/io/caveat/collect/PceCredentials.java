package io.caveat.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * The PCE API key and secret: from the environment (CAVEAT_PCE_API_KEY, CAVEAT_PCE_API_SECRET) or a file
 * ("key: api_..." and "secret: ..."), never from the command line, where other users of the machine see it.
 * The key names the credential in messages; the secret only ever goes into the Authorization header.
 */
public final class PceCredentials {
    public static final String KEY_ENV = "CAVEAT_PCE_API_KEY";
    public static final String SECRET_ENV = "CAVEAT_PCE_API_SECRET";

    private final String key;
    private final String secret;
    private final String authorization;

    private PceCredentials(String key, String secret) {
        this.key = key;
        this.secret = secret;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    /** From the file when one is given, else from the environment. */
    public static PceCredentials load(Path file, Map<String, String> env, CollectionReport report) {
        if (file != null) {
            return fromFile(file, report);
        }
        String key = env.get(KEY_ENV);
        String secret = env.get(SECRET_ENV);
        if (key == null || key.isBlank() || secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("no PCE credentials: set " + KEY_ENV + " and " + SECRET_ENV
                    + ", or give a credentials file (pce.credentialsFile in caveat.yaml, or --pce-credentials)");
        }
        return new PceCredentials(key.trim(), secret.trim());
    }

    private static PceCredentials fromFile(Path file, CollectionReport report) {
        JsonNode yaml;
        try {
            yaml = new YAMLMapper().readTree(file.toFile());
        } catch (IOException e) {
            // The message of a parse error may quote the file's text: say where, not what.
            throw new IllegalArgumentException("PCE credentials file " + file + " is not 'key: ...' and 'secret: ...'");
        }
        String key = yaml == null ? null : yaml.path("key").asText(null);
        String secret = yaml == null ? null : yaml.path("secret").asText(null);
        if (key == null || secret == null) {
            throw new IllegalArgumentException("PCE credentials file " + file + " needs both 'key:' and 'secret:'");
        }
        warnIfShared(file, report);
        return new PceCredentials(key.trim(), secret.trim());
    }

    private static void warnIfShared(Path file, CollectionReport report) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.GROUP_READ)) {
                report.warn("PCE credentials file " + file + " is readable by other users (chmod 600 it)");
            }
        } catch (IOException | UnsupportedOperationException e) {
            // No POSIX permissions here: nothing to check.
        }
    }

    /** The API key's name, e.g. api_1a2b3c: safe to print. */
    public String key() {
        return key;
    }

    String authorization() {
        return authorization;
    }

    /** A short excerpt of what the PCE or a proxy answered, without this secret or any other credential. */
    String excerpt(String answer) {
        return Redaction.excerpt(answer, key, secret);
    }

    @Override
    public String toString() {
        return "PCE API key " + key;
    }
}
