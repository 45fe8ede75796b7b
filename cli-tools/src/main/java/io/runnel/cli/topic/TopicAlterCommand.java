package io.runnel.cli.topic;

import io.runnel.cli.AdminCommand;
import io.runnel.cli.output.Json;
import io.runnel.client.RunnelAdmin;
import io.runnel.client.admin.ConfigChange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code runnel topics alter NAME [--partitions N] [--config KEY=VALUE]... [--delete-config KEY]...}: grows a topic
 * and changes its configs; the configs not named stay as they are.
 */
@Command(name = "alter", description = "Grow a topic to N partitions and/or set or delete its configs.")
final class TopicAlterCommand extends AdminCommand {
    @Parameters(paramLabel = "NAME", description = "The topic's name.")
    String name;

    @Option(names = {"-p", "--partitions"}, paramLabel = "N",
            description = "The new partition count (a total, above the current one).")
    Integer partitions;

    @Option(names = {"-c", "--config"}, paramLabel = "KEY=VALUE", description = "Set a config (repeatable).")
    Map<String, String> configs = new LinkedHashMap<>();

    @Option(names = "--delete-config", paramLabel = "KEY",
            description = "Remove the topic's own value, back to the default (repeatable).")
    List<String> deletes = new ArrayList<>();

    @Override
    protected void validate() {
        if (partitions == null && configs.isEmpty() && deletes.isEmpty()) {
            throw usage("nothing to alter: give --partitions N, --config KEY=VALUE or --delete-config KEY");
        }
        if (partitions != null && partitions < 1) {
            throw usage("--partitions must be at least 1, got " + partitions);
        }
    }

    @Override
    protected int run(RunnelAdmin admin, PrintWriter out) {
        List<ConfigChange> changes = new ArrayList<>();
        configs.forEach((key, value) -> changes.add(ConfigChange.set(key, value)));
        deletes.forEach(key -> changes.add(ConfigChange.delete(key)));
        if (!changes.isEmpty()) {
            admin.alterConfigs(name, changes);
        }
        if (partitions != null) {
            admin.addPartitions(name, partitions);
        }
        if (output.json()) {
            out.println(Json.pretty(Json.object("topic", name, "partitions", partitions,
                    "set", new TreeMap<>(configs), "deleted", deletes)));
        } else {
            if (partitions != null) {
                out.println("Topic " + name + " now has " + partitions + " partitions.");
            }
            if (!configs.isEmpty()) {
                out.println("Set on " + name + ": " + new TreeMap<>(configs));
            }
            if (!deletes.isEmpty()) {
                out.println("Back to the default on " + name + ": " + deletes);
            }
        }
        return 0;
    }
}
