package io.caveat.serve;

import io.caveat.engine.RulesDirectory;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What an editor reads: GET /rules/files lists the files of the rules directory that a change may write (rules,
 * limitations, scenarios, READMEs), GET /rules/file?path= answers one as text. The history folder, hidden files
 * and anything a link leads out of the rules to are never shown.
 */
final class RulesFiles {
    private final RulesHolder rules;

    RulesFiles(RulesHolder rules) {
        this.rules = rules;
    }

    void list(Context ctx) {
        List<String> editable = rules.read(RulesFiles::paths).stream().filter(RulesFiles::editable).toList();
        ServiceApp.json(ctx, Map.of("files", editable));
    }

    void one(Context ctx) {
        String path = RulesDryRun.path(ctx.queryParam("path") == null ? "" : ctx.queryParam("path"), "path");
        if (List.of(path.split("/")).stream().anyMatch(part -> part.startsWith("."))) {
            throw new BadRequest("not a file of the rules: " + path, "path");
        }
        byte[] content = rules.read(tree -> {
            try {
                Path file = tree.resolve(path);
                if (!Files.isRegularFile(file) || !file.toRealPath().startsWith(tree.toRealPath())) {
                    return null;
                }
                return Files.readAllBytes(file);
            } catch (InvalidPathException e) {
                throw new BadRequest("not a path: " + path, "path");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (content == null) {
            throw new NotFound("no file " + path + " in the rules");
        }
        ctx.contentType("text/plain; charset=utf-8").result(content);
    }

    private static boolean editable(String path) {
        try {
            RulesDryRun.path(path, "path");
            return true;
        } catch (BadRequest e) {
            return false;
        }
    }

    /** Every file of a rules tree as a path under it, sorted; its history, hidden files and kubelet entries left out. */
    static List<String> paths(Path tree) {
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
        }
    }
}
