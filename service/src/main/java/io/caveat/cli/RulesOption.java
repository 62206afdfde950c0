package io.caveat.cli;

import io.caveat.engine.RuleFile;
import io.caveat.engine.RuleSource;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * --rules DIR: the analyst-edited rules to use. Without it, $CAVEAT_RULES (the launcher points it at the
 * checkout's rules/ so that edits apply without a rebuild), else the rules bundled in the jar.
 */
final class RulesOption {
    static final String ENV = "CAVEAT_RULES";

    @Option(names = "--rules", paramLabel = "DIR",
            description = "rules directory (default: $CAVEAT_RULES, else the rules bundled in caveat)")
    Path directory;

    List<RuleFile> files() {
        return files(directory);
    }

    static List<RuleFile> files(Path directory) {
        if (directory != null) {
            return RuleSource.directory(directory);
        }
        String env = System.getenv(ENV);
        return env == null || env.isBlank() ? RuleSource.bundled() : RuleSource.directory(Path.of(env));
    }
}
