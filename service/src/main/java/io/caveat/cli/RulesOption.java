package io.caveat.cli;

import io.caveat.engine.RuleFile;
import io.caveat.engine.RuleSource;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** --rules DIR: the analyst-edited rules to use instead of the bundled ones. */
final class RulesOption {
    @Option(names = "--rules", paramLabel = "DIR", description = "rules directory (default: the bundled rules)")
    Path directory;

    List<RuleFile> files() {
        return directory == null ? RuleSource.bundled() : RuleSource.directory(directory);
    }
}
