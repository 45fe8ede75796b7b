package io.runnel.cli;

import io.runnel.cli.cluster.ApiVersionsCommand;
import io.runnel.cli.cluster.ClusterCommand;
import io.runnel.cli.group.GroupsCommand;
import io.runnel.cli.perf.PerfCommand;
import io.runnel.cli.record.ConsumeCommand;
import io.runnel.cli.record.ProduceCommand;
import io.runnel.cli.security.AclsCommand;
import io.runnel.cli.security.UsersCommand;
import io.runnel.cli.topic.TopicsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code runnel} command: topics, records, consumer groups and perf runs against a Runnel broker or any Apache
 * Kafka cluster, through client-lib. This class only names the subcommands; {@link #newCommandLine} wires picocli
 * the same way for {@link #main} and for tests.
 */
@Command(name = "runnel", description = "Work with a Runnel broker or an Apache Kafka cluster.",
        subcommands = {TopicsCommand.class, ProduceCommand.class, ConsumeCommand.class, GroupsCommand.class,
                PerfCommand.class, ClusterCommand.class, AclsCommand.class, UsersCommand.class,
                ApiVersionsCommand.class, CompletionCommand.class},
        footer = {"", "Exit codes: 0 success, 1 the operation failed, 2 bad usage.",
                "Docs: docs/cli.md"})
public final class RunnelCommand {
    private RunnelCommand() {
    }

    /**
     * The command tree with the CLI's error handling (exit codes 1 and 2, one-line errors), {@code --help} and
     * {@code --version} on every command, and {@code terminal} for the commands that read stdin.
     */
    public static CommandLine newCommandLine(Terminal terminal) {
        CommandLine commandLine = new CommandLine(RunnelCommand.class, new CommandFactory(terminal));
        ErrorReporter reporter = new ErrorReporter();
        commandLine.setExecutionExceptionHandler(reporter);
        commandLine.setParameterExceptionHandler(reporter);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setUsageHelpWidth(100);
        standardOptions(commandLine, new VersionProvider());
        return commandLine;
    }

    private static void standardOptions(CommandLine command, CommandLine.IVersionProvider version) {
        command.getCommandSpec().mixinStandardHelpOptions(true);
        command.getCommandSpec().versionProvider(version);
        for (CommandLine sub : command.getSubcommands().values()) {
            standardOptions(sub, version);
        }
    }

    /** Runs the CLI and exits with its code. */
    public static void main(String[] args) {
        ClientOptions.quietLogging();
        System.exit(newCommandLine(Terminal.system()).execute(args));
    }
}
