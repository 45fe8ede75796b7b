package io.runnel.cli.group;

import io.runnel.cli.AdminCommand;
import io.runnel.cli.output.Json;
import io.runnel.cli.output.Table;
import io.runnel.client.RunnelAdmin;
import io.runnel.client.admin.GroupListing;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** {@code runnel groups list}: every consumer group with its protocol type and state. */
@Command(name = "list", description = "List consumer groups with their type and state.")
final class GroupListCommand extends AdminCommand {
    @Override
    protected int run(RunnelAdmin admin, PrintWriter out) {
        List<GroupListing> groups = admin.listGroups();
        if (output.json()) {
            List<Object> list = new ArrayList<>();
            for (GroupListing g : groups) {
                list.add(Json.object("group", g.groupId(), "type", g.type(), "protocolType", g.protocolType(),
                        "state", g.state()));
            }
            out.println(Json.pretty(Json.object("groups", list)));
            return 0;
        }
        Table table = new Table("GROUP", "TYPE", "STATE");
        for (GroupListing g : groups) {
            table.row(g.groupId(), g.type().isEmpty() ? null : g.type(), g.state().isEmpty() ? null : g.state());
        }
        table.print(out);
        return 0;
    }
}
