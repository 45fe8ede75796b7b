package io.runnel.cli.topic;

import io.runnel.cli.AdminCommand;
import io.runnel.cli.output.Json;
import io.runnel.client.RunnelAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;

/** {@code runnel topics delete NAME}: deletes a topic and its records; returns once Metadata no longer shows it. */
@Command(name = "delete", description = "Delete a topic and all its records.")
final class TopicDeleteCommand extends AdminCommand {
    @Parameters(paramLabel = "NAME", description = "The topic's name.")
    String name;

    @Override
    protected int run(RunnelAdmin admin, PrintWriter out) {
        admin.deleteTopic(name);
        out.println(output.json() ? Json.pretty(Json.object("topic", name, "deleted", true))
                : "Deleted topic " + name + ".");
        return 0;
    }
}
