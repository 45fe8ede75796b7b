package io.runnel.cli.group;

import io.runnel.cli.AdminCommand;
import io.runnel.cli.output.Json;
import io.runnel.client.RunnelAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;

/** {@code runnel groups delete G}: deletes a group without members and its committed offsets. */
@Command(name = "delete", description = "Delete a group (it must have no members) and its committed offsets.")
final class GroupDeleteCommand extends AdminCommand {
    @Parameters(paramLabel = "GROUP", description = "The group's id.")
    String groupId;

    @Override
    protected int run(RunnelAdmin admin, PrintWriter out) {
        admin.deleteGroup(groupId);
        out.println(output.json() ? Json.pretty(Json.object("group", groupId, "deleted", true))
                : "Deleted group " + groupId + ".");
        return 0;
    }
}
