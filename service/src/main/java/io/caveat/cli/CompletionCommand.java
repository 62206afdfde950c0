package io.caveat.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** caveat completion bash|zsh: the shell completion script of every command and option, made by picocli. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Print a shell completion script: source <(caveat completion bash), or in zsh "
                + "source <(caveat completion zsh).")
final class CompletionCommand implements Callable<Integer> {
    enum Shell { bash, zsh }

    @Parameters(paramLabel = "SHELL", description = "bash or zsh")
    Shell shell;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        // picocli's script serves both: in zsh it loads bashcompinit itself.
        String script = AutoComplete.bash("caveat", spec.root().commandLine());
        spec.commandLine().getOut().print(shell == Shell.zsh
                ? "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n" + script
                : script);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
