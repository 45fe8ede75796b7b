package io.runnel.cli.topic;

import io.runnel.cli.AdminCommand;
import io.runnel.cli.output.Json;
import io.runnel.client.RunnelAdmin;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.List;

/** {@code runnel topics list}: one name per line, sorted, internal topics left out, as {@code kafka-topics --list}. */
@Command(name = "list", description = "List topic names, one per line (internal topics left out).")
final class TopicListCommand extends AdminCommand {
    @Override
    protected int run(RunnelAdmin admin, PrintWriter out) {
        List<String> names = List.copyOf(admin.listTopics());
        if (output.json()) {
            out.println(Json.pretty(Json.object("topics", names)));
        } else {
            names.forEach(out::println);
        }
        return 0;
    }
}
