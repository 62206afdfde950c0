package io.caveat.serve;

import io.caveat.engine.RulesDirectory;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What an editor reads: GET /rules/files lists the files of the rules directory (rules, limitations, scenarios),
 * GET /rules/file?path= answers one as text. The history folder and the kubelet's entries are never shown.
 */
final class RulesFiles {
    private final RulesHolder rules;

    RulesFiles(RulesHolder rules) {
        this.rules = rules;
    }

    void list(Context ctx) {
        ServiceApp.json(ctx, Map.of("files", paths(rules.directory())));
    }

    void one(Context ctx) {
        String path = RulesDryRun.path(ctx.queryParam("path") == null ? "" : ctx.queryParam("path"), "path");
        Path tree = RulesDirectory.open(rules.directory());
        try {
            Path file = tree.resolve(path);
            if (!Files.isRegularFile(file)) {
                throw new NotFound("no file " + path + " in the rules");
            }
            ctx.contentType("text/plain; charset=utf-8").result(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!tree.equals(rules.directory())) {
                RulesDirectory.release(tree);
            }
        }
    }

    /** The files of a rules directory as paths under it, sorted; its history and the kubelet's entries left out. */
    static List<String> paths(Path directory) {
        Path tree = RulesDirectory.open(directory);
        try (Stream<Path> walk = Files.walk(tree)) {
            List<String> files = new ArrayList<>();
            walk.filter(Files::isRegularFile).map(tree::relativize)
                    .filter(p -> !p.startsWith(RulesHistory.FOLDER) && !RulesDirectory.isKubeletEntry(p)
                            && !p.getFileName().toString().startsWith("."))
                    .forEach(p -> files.add(p.toString().replace('\\', '/')));
            files.sort(null);
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!tree.equals(directory)) {
                RulesDirectory.release(tree);
            }
        }
    }
}
