package io.caveat.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.caveat.collect.Directories;
import io.caveat.engine.KnowledgeBase;
import io.caveat.engine.RuleCompiler;
import io.caveat.engine.RuleLoadException;
import io.caveat.engine.RuleSource;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rule changes through the service: POST /rules/changes applies a change to the rules directory, all of it or
 * nothing (a change that does not compile is refused with its diagnostics), records it as a version and swaps
 * the knowledge base in; /rules/history lists the versions, shows one's diff and restores one the same way.
 * Only an editor may change rules: the editor token, or anyone when the service has no token at all.
 */
final class RulesChangesApi {
    private final RulesHolder rules;
    private final RulesHistory history;
    private final String token;
    private final String editorToken;

    RulesChangesApi(RulesHolder rules, String token, String editorToken) {
        this.rules = rules;
        this.history = new RulesHistory(rules.directory());
        this.token = token;
        this.editorToken = editorToken;
    }

    void change(Context ctx) {
        String who = editor(ctx);
        ServiceApp.requireJson(ctx);
        JsonNode body = RulesDryRun.tree(ctx.bodyAsBytes());
        String comment = comment(body);
        RulesDryRun.Change change = RulesDryRun.change(body);
        // A change made on rules that someone else has changed since would silently undo theirs.
        JsonNode base = body.path("base");
        KnowledgeBase now = rules.current();
        if (base.isTextual() && now != null && !base.asText().equals(now.version())) {
            ServiceApp.error(ctx, HttpStatus.CONFLICT, new ApiError("the rules changed since this change was made "
                    + "(on " + base.asText() + ", now " + now.version() + "): read them again and reapply it", "/base",
                    List.of()));
            return;
        }
        apply(ctx, change, comment, who);
    }

    /** Why this request may not change rules, or null when it may: what the workbench shows before any edit. */
    String refusal(Context ctx) {
        if (!rules.read(rules.directory()::equals) || !Files.isWritable(rules.directory())) {
            return "the rules directory " + rules.directory() + " is read-only (a mounted ConfigMap?): change its "
                    + "source, the service reloads it";
        }
        if (token == null && editorToken == null) {
            return null;
        }
        if (ServiceApp.matches(ServiceApp.bearer(ctx), editorToken)) {
            return null;
        }
        return editorToken == null ? "rule changes need an editor token: start the service with --editor-token-file"
                : "this token may read, not change rules: use the editor token";
    }

    void history(Context ctx) {
        ServiceApp.json(ctx, Map.of("versions", history.versions()));
    }

    void version(Context ctx) {
        RulesHistory.Version version = history.find(ctx.pathParam("version"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", version);
        body.put("diff", history.diff(version.version()));
        ServiceApp.json(ctx, body);
    }

    void restore(Context ctx) {
        String who = editor(ctx);
        RulesHistory.Version version = history.find(ctx.pathParam("version"));
        byte[] raw = ctx.bodyAsBytes();
        String comment = raw.length == 0 ? "restore " + version.version() : comment(RulesDryRun.tree(raw));
        Map<String, byte[]> then = history.files(version.version());
        // Only what differs is written: the restore's commit and its diff show the change, nothing else.
        Map<String, String> files = new LinkedHashMap<>();
        then.forEach((path, content) -> {
            if (!sameAsNow(path, content)) {
                files.put(path, new String(content, StandardCharsets.UTF_8));
            }
        });
        List<String> delete = RulesFiles.paths(rules.directory()).stream().filter(p -> !then.containsKey(p)).toList();
        if (files.isEmpty() && delete.isEmpty()) {
            throw new BadRequest("the rules are already as in version " + version.version(), "version");
        }
        apply(ctx, new RulesDryRun.Change(files, delete), comment, who);
    }

    private boolean sameAsNow(String path, byte[] content) {
        Path file = rules.directory().resolve(path);
        try {
            return Files.isRegularFile(file) && java.util.Arrays.equals(Files.readAllBytes(file), content);
        } catch (IOException e) {
            return false;
        }
    }

    private static String comment(JsonNode body) {
        JsonNode comment = body.path("comment");
        if (!comment.isTextual() || comment.asText().isBlank()) {
            throw new BadRequest("say why: 'comment' must be a non-empty string", "/comment");
        }
        return comment.asText().strip();
    }

    /** The change, tried in a copy first, then written, recorded and swapped in; or refused as a whole. */
    private synchronized void apply(Context ctx, RulesDryRun.Change change, String comment, String who) {
        Path directory = rules.directory();
        if (!rules.read(directory::equals) || !Files.isWritable(directory)) {
            ServiceApp.error(ctx, HttpStatus.CONFLICT, ApiError.of(refusal(ctx)));
            return;
        }
        KnowledgeBase active = rules.current();
        Path tree = rules.read(source -> RulesDryRun.proposed(source, change));
        try {
            RuleCompiler.compile(RuleSource.directory(tree));
        } catch (RuleLoadException e) {
            ServiceApp.error(ctx, HttpStatus.UNPROCESSABLE_CONTENT, new ApiError("the change does not compile; "
                    + "nothing was changed", null, e.diagnostics()));
            return;
        } finally {
            Directories.delete(tree);
        }
        history.start(active == null ? null : active.version());
        write(directory, change);
        RulesHolder.ReloadStatus status = rules.reload();
        RulesHistory.Version version = history.record(who, comment, status.version());
        ctx.status(HttpStatus.CREATED).header("Location", ServiceApp.API + "/rules/history/" + version.version());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", version);
        body.put("written", change.files().keySet());
        body.put("deleted", change.delete());
        body.put("reload", status);
        ServiceApp.json(ctx, body);
    }

    /** Each file through a temporary sibling and a rename, so that no reader sees half a file. */
    private static void write(Path directory, RulesDryRun.Change change) {
        try {
            for (var file : change.files().entrySet()) {
                Path target = directory.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Path temp = target.resolveSibling("." + target.getFileName() + ".caveat-tmp");
                Files.writeString(temp, file.getValue(), StandardCharsets.UTF_8);
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            for (String path : change.delete()) {
                Files.deleteIfExists(directory.resolve(path));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Who changes the rules, as the history records it; 403 for a token that may only read. */
    private String editor(Context ctx) {
        if (token == null && editorToken == null) {
            return "local";
        }
        if (ServiceApp.matches(ServiceApp.bearer(ctx), editorToken)) {
            return "editor";
        }
        throw new io.javalin.http.HttpResponseException(HttpStatus.FORBIDDEN.getCode(), editorToken == null
                ? "rule changes need an editor token: start the service with --editor-token-file"
                : "this token may read, not change rules: use the editor token");
    }
}
