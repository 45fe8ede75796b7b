package io.runnel.cli.group;

import io.runnel.cli.AdminCommand;
import io.runnel.cli.output.Json;
import io.runnel.cli.output.Table;
import io.runnel.client.RunnelAdmin;
import io.runnel.client.RunnelException;
import io.runnel.client.TopicPartition;
import io.runnel.client.UnknownTopicException;
import io.runnel.client.admin.GroupDescription;
import io.runnel.client.admin.MemberDescription;
import io.runnel.client.admin.PartitionDescription;
import io.runnel.client.admin.PartitionLag;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code runnel groups describe G}: the group's state, protocol and assignor; each member with its client id, host
 * and partitions; and per partition (assigned or committed) the committed offset, the log end offset and the lag,
 * with the total lag. A partition assigned but never committed has no committed offset and no lag.
 */
@Command(name = "describe", description = "Show a group's members, their partitions, committed offsets and lag.")
final class GroupDescribeCommand extends AdminCommand {
    @Parameters(paramLabel = "GROUP", description = "The group's id.")
    String groupId;

    /** One partition's row: committed may be null (never committed), end null (topic gone). */
    private record Row(TopicPartition partition, Long committed, Long end, MemberDescription owner) {
        Long lag() {
            return committed == null || end == null ? null : Math.max(0, end - committed);
        }
    }

    @Override
    protected int run(RunnelAdmin admin, PrintWriter out) {
        GroupDescription group = admin.describeGroup(groupId);
        Map<TopicPartition, PartitionLag> lags = admin.groupLag(groupId);
        if ("Dead".equals(group.state()) && group.members().isEmpty() && lags.isEmpty()) {
            throw new RunnelException("group " + groupId + " does not exist");
        }
        List<Row> rows = rows(admin, group, lags);
        long totalLag = 0;
        for (Row row : rows) {
            totalLag += row.lag() == null ? 0 : row.lag();
        }
        if (output.json()) {
            out.println(Json.pretty(json(group, rows, totalLag)));
            return 0;
        }
        Table.fields(out, "Group", group.groupId(), "State", group.state(), "Protocol", group.protocol(),
                "Assignor", group.assignor().isEmpty() ? null : group.assignor(), "Members", group.members().size());
        out.println();
        if (!group.members().isEmpty()) {
            Table members = new Table("MEMBER-ID", "CLIENT-ID", "HOST", "PARTITIONS");
            for (MemberDescription m : group.members()) {
                members.row(m.memberId(), m.clientId(), m.host(), partitions(m.assignment()));
            }
            members.print(out);
            out.println();
        }
        Table offsets = new Table("TOPIC", "PARTITION", "COMMITTED", "END", "LAG", "CLIENT-ID");
        for (Row row : rows) {
            offsets.row(row.partition().topic(), row.partition().partition(), row.committed(), row.end(), row.lag(),
                    row.owner() == null ? null : row.owner().clientId());
        }
        offsets.print(out);
        out.println();
        out.println("Total lag: " + totalLag);
        return 0;
    }

    private static List<Row> rows(RunnelAdmin admin, GroupDescription group, Map<TopicPartition, PartitionLag> lags) {
        Map<TopicPartition, MemberDescription> owners = new HashMap<>();
        for (MemberDescription m : group.members()) {
            m.assignment().forEach(tp -> owners.put(tp, m));
        }
        Set<TopicPartition> all = new TreeSet<>(lags.keySet());
        all.addAll(owners.keySet());
        Map<TopicPartition, Long> ends = new HashMap<>();
        lags.forEach((tp, lag) -> ends.put(tp, lag.endOffset()));
        Set<String> uncommittedTopics = new TreeSet<>();
        for (TopicPartition tp : all) {
            if (!lags.containsKey(tp)) {
                uncommittedTopics.add(tp.topic());
            }
        }
        for (String topic : uncommittedTopics) {
            try {
                for (PartitionDescription p : admin.describeTopic(topic).partitions()) {
                    ends.putIfAbsent(new TopicPartition(topic, p.partition()), p.latestOffset());
                }
            } catch (UnknownTopicException deleted) {
                // A member may still hold partitions of a topic deleted since; its end is unknown.
            }
        }
        List<Row> rows = new ArrayList<>();
        for (TopicPartition tp : all) {
            PartitionLag lag = lags.get(tp);
            rows.add(new Row(tp, lag == null ? null : lag.committedOffset(), ends.get(tp), owners.get(tp)));
        }
        return rows;
    }

    private static Map<String, Object> json(GroupDescription group, List<Row> rows, long totalLag) {
        List<Object> members = new ArrayList<>();
        for (MemberDescription m : group.members()) {
            List<Object> assigned = new ArrayList<>();
            m.assignment().forEach(tp -> assigned.add(Json.object("topic", tp.topic(), "partition", tp.partition())));
            members.add(Json.object("memberId", m.memberId(), "instanceId", m.instanceId(), "clientId",
                    m.clientId(), "host", m.host(), "partitions", assigned));
        }
        List<Object> offsets = new ArrayList<>();
        for (Row row : rows) {
            offsets.add(Json.object("topic", row.partition().topic(), "partition", row.partition().partition(),
                    "committed", row.committed(), "end", row.end(), "lag", row.lag(),
                    "memberId", row.owner() == null ? null : row.owner().memberId(),
                    "clientId", row.owner() == null ? null : row.owner().clientId()));
        }
        return Json.object("group", group.groupId(), "state", group.state(), "protocol", group.protocol(),
                "assignor", group.assignor(), "members", members, "offsets", offsets, "totalLag", totalLag);
    }

    /** {@code orders: 0,1; audit: 2}: a member's partitions grouped by topic. */
    static String partitions(Set<TopicPartition> assignment) {
        Map<String, StringBuilder> byTopic = new TreeMap<>();
        for (TopicPartition tp : assignment) {
            StringBuilder list = byTopic.computeIfAbsent(tp.topic(), t -> new StringBuilder());
            list.append(list.length() == 0 ? "" : ",").append(tp.partition());
        }
        StringBuilder text = new StringBuilder();
        byTopic.forEach((topic, list) -> text.append(text.length() == 0 ? "" : "; ").append(topic).append(": ")
                .append(list));
        return text.length() == 0 ? "-" : text.toString();
    }
}
