package io.runnel.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code runnel} command: administrative tools for a Runnel (or any Kafka-protocol) broker. */
@Command(name = "runnel", mixinStandardHelpOptions = true, version = "runnel 0.1.0-SNAPSHOT",
        description = "Administrative tools for a Runnel broker.",
        subcommands = {ApiVersionsCommand.class})
public final class RunnelCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new RunnelCommand()).execute(args));
    }
}
