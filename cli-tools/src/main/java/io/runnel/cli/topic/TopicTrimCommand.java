package io.runnel.cli.topic;

import io.runnel.cli.AdminCommand;
import io.runnel.cli.output.Json;
import io.runnel.client.RunnelAdmin;
import io.runnel.client.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.Map;

/**
 * {@code runnel topics trim NAME --partition P --before OFFSET}: deletes the records before an offset
 * (DeleteRecords, as {@code kafka-delete-records}) and prints the partition's new earliest offset.
 */
@Command(name = "trim", description = {"Delete a partition's records before an offset (DeleteRecords).",
        "The partition then starts at that offset; whole segments below it leave the disk with retention."})
final class TopicTrimCommand extends AdminCommand {
    @Parameters(paramLabel = "NAME", description = "The topic's name.")
    String name;

    @Option(names = "--partition", paramLabel = "P", required = true, description = "The partition.")
    int partition;

    @Option(names = "--before", paramLabel = "OFFSET", required = true,
            description = "Records before this offset are deleted.")
    long before;

    @Override
    protected void validate() {
        if (partition < 0 || before < 0) {
            throw usage("--partition and --before must not be negative, got " + partition + " and " + before);
        }
    }

    @Override
    protected int run(RunnelAdmin admin, PrintWriter out) {
        TopicPartition tp = new TopicPartition(name, partition);
        long earliest = admin.deleteRecords(Map.of(tp, before)).get(tp);
        out.println(output.json() ? Json.pretty(Json.object("topic", name, "partition", partition,
                "earliest", earliest)) : "Partition " + partition + " of " + name + " now starts at " + earliest + ".");
        return 0;
    }
}
