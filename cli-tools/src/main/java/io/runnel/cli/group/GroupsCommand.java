package io.runnel.cli.group;

import picocli.CommandLine.Command;

/** {@code runnel groups}: the consumer group subcommands. */
@Command(name = "groups", description = "List, describe (with lag), reset and delete consumer groups.",
        subcommands = {GroupListCommand.class, GroupDescribeCommand.class, GroupResetOffsetsCommand.class,
                GroupDeleteCommand.class})
public final class GroupsCommand {
}
