package io.runnel.cli.group;

import io.runnel.cli.AdminCommand;
import io.runnel.cli.output.Json;
import io.runnel.cli.output.Table;
import io.runnel.client.ApiErrorException;
import io.runnel.client.RunnelAdmin;
import io.runnel.client.TopicPartition;
import io.runnel.client.admin.GroupDescription;
import io.runnel.client.admin.OffsetSpec;
import io.runnel.client.admin.PartitionLag;
import io.runnel.protocol.ErrorCode;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code runnel groups reset-offsets G --topic T (--to-earliest | --to-latest | --to-offset N | --to-datetime ISO |
 * --shift-by N) [--execute]}: a dry run by default, printing old and new offset per partition; {@code --execute}
 * commits them. Refused while the group has members, as {@code kafka-consumer-groups --reset-offsets} does.
 */
@Command(name = "reset-offsets", description = {"Move a group's committed offsets on a topic.",
        "A dry run unless --execute; refused while the group has members."})
final class GroupResetOffsetsCommand extends AdminCommand {
    @Parameters(paramLabel = "GROUP", description = "The group's id.")
    String groupId;

    @Option(names = {"-t", "--topic"}, paramLabel = "TOPIC", required = true,
            description = "The topic whose partitions move.")
    String topic;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--execute", description = "Commit the new offsets (without it, only show them).")
    boolean execute;

    /** Exactly one of these says where the offsets go. */
    static final class Target {
        @Option(names = "--to-earliest", description = "The first offset still in each partition.")
        boolean earliest;
        @Option(names = "--to-latest", description = "The end of each partition: skip everything so far.")
        boolean latest;
        @Option(names = "--to-offset", paramLabel = "N", description = "Offset N in every partition (clamped).")
        Long offset;
        @Option(names = "--to-datetime", paramLabel = "ISO",
                description = "The first record at or after this time: 2026-01-31T12:00:00Z, 2026-01-31T12:00 "
                        + "(local time) or 2026-01-31.")
        String datetime;
        @Option(names = "--shift-by", paramLabel = "N", description = "Move the committed offsets by N (may be <0).")
        Long shift;
    }

    private OffsetSpec spec() {
        if (target.earliest) {
            return OffsetSpec.earliest();
        }
        if (target.latest) {
            return OffsetSpec.latest();
        }
        if (target.offset != null) {
            return OffsetSpec.offset(target.offset);
        }
        if (target.shift != null) {
            return OffsetSpec.shiftBy(target.shift);
        }
        return OffsetSpec.timestamp(instant(target.datetime));
    }

    private Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notWithOffset) {
            try {
                return LocalDateTime.parse(text).atZone(ZoneId.systemDefault()).toInstant();
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(text).atStartOfDay(ZoneId.systemDefault()).toInstant();
                } catch (DateTimeParseException notDate) {
                    throw usage("--to-datetime '" + text + "' is not an ISO date-time (2026-01-31T12:00:00Z, "
                            + "2026-01-31T12:00 or 2026-01-31)");
                }
            }
        }
    }

    @Override
    protected void validate() {
        spec();
    }

    @Override
    protected int run(RunnelAdmin admin, PrintWriter out) {
        OffsetSpec spec = spec();
        GroupDescription group = admin.describeGroup(groupId);
        if (!group.members().isEmpty()) {
            throw new ApiErrorException(ErrorCode.NON_EMPTY_GROUP, "cannot reset offsets of group " + groupId
                    + ": it has " + group.members().size() + " active member(s) (" + group.state()
                    + "); stop its consumers first");
        }
        Map<TopicPartition, PartitionLag> before = admin.groupLag(groupId);
        Map<TopicPartition, Long> after = execute ? admin.resetOffsets(groupId, topic, spec)
                : admin.previewOffsetReset(groupId, topic, spec);
        if (output.json()) {
            List<Object> partitions = new ArrayList<>();
            after.forEach((tp, offset) -> partitions.add(Json.object("topic", tp.topic(), "partition",
                    tp.partition(), "old", old(before, tp), "new", offset)));
            out.println(Json.pretty(Json.object("group", groupId, "topic", topic, "executed", execute,
                    "partitions", partitions)));
            return 0;
        }
        Table table = new Table("TOPIC", "PARTITION", "OLD", "NEW");
        after.forEach((tp, offset) -> table.row(tp.topic(), tp.partition(), old(before, tp), offset));
        table.print(out);
        out.println();
        out.println(execute ? "Committed the new offsets of group " + groupId + "."
                : "Dry run: nothing was committed. Add --execute to commit these offsets.");
        return 0;
    }

    private static Long old(Map<TopicPartition, PartitionLag> before, TopicPartition tp) {
        PartitionLag lag = before.get(tp);
        return lag == null ? null : lag.committedOffset();
    }
}
