package io.runnel.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code runnel completion bash|zsh}: prints the completion script picocli generates from the command tree. One
 * script serves both shells (under zsh it loads bashcompinit itself); {@code source <(runnel completion bash)}
 * installs it.
 */
@Command(name = "completion", description = {"Print a bash or zsh completion script.",
        "Install for this shell: source <(runnel completion bash)   (zsh: source <(runnel completion zsh))"})
final class CompletionCommand implements Callable<Integer> {
    /** The shells the generated script supports. */
    enum Shell { BASH, ZSH }

    @Parameters(paramLabel = "bash|zsh", defaultValue = "bash", description = "The shell (default bash).")
    Shell shell;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        spec.commandLine().getOut().print(AutoComplete.bash(root.getCommandName(), root));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
