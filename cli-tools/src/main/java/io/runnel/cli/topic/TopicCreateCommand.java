package io.runnel.cli.topic;

import io.runnel.cli.AdminCommand;
import io.runnel.cli.output.Json;
import io.runnel.client.RunnelAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** {@code runnel topics create NAME [--partitions N] [--config KEY=VALUE]...}. */
@Command(name = "create", description = "Create a topic; returns once every partition has a leader.")
final class TopicCreateCommand extends AdminCommand {
    @Parameters(paramLabel = "NAME", description = "The topic's name.")
    String name;

    @Option(names = {"-p", "--partitions"}, paramLabel = "N", defaultValue = "-1",
            description = "Partition count (default: the broker's num.partitions).")
    int partitions;

    @Option(names = {"-c", "--config"}, paramLabel = "KEY=VALUE",
            description = "A topic config, e.g. retention.ms=86400000 (repeatable).")
    Map<String, String> configs = new LinkedHashMap<>();

    @Override
    protected void validate() {
        if (partitions == 0 || partitions < -1) {
            throw usage("--partitions must be at least 1, got " + partitions);
        }
    }

    @Override
    protected int run(RunnelAdmin admin, PrintWriter out) {
        admin.createTopic(name, partitions, configs);
        int created = partitions > 0 ? partitions : admin.describeTopic(name).partitions().size();
        if (output.json()) {
            out.println(Json.pretty(Json.object("topic", name, "partitions", created,
                    "configs", new TreeMap<>(configs))));
        } else {
            out.println("Created topic " + name + " with " + created + " partition" + (created == 1 ? "" : "s")
                    + (configs.isEmpty() ? "" : " and configs " + new TreeMap<>(configs)) + ".");
        }
        return 0;
    }
}
