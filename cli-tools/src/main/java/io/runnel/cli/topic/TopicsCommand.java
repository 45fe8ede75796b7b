package io.runnel.cli.topic;

import picocli.CommandLine.Command;

/** {@code runnel topics}: the topic subcommands. */
@Command(name = "topics", description = "Create, list, describe, alter, delete and trim topics.",
        subcommands = {TopicCreateCommand.class, TopicListCommand.class, TopicDescribeCommand.class,
                TopicAlterCommand.class, TopicDeleteCommand.class, TopicTrimCommand.class})
public final class TopicsCommand {
}
