package io.runnel.broker.group.consumer;

import io.runnel.broker.group.assignor.Assignment;
import io.runnel.broker.group.core.TopicMetadataImage;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.DescribeGroupsResponse.DescribedGroup;
import io.runnel.protocol.message.DescribeGroupsResponse.DescribedGroupMember;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.UUID;

/**
 * A consumer-protocol group as DescribeGroups shows it, the way Kafka does for tools that only know the classic API:
 * protocol type {@code consumer}, the assignor as protocol data, and per member its subscription and current
 * assignment encoded as the classic consumer protocol's version 0 (ConsumerProtocolSubscription: int16 version,
 * int32 count of int16-length topic names, null user data; ConsumerProtocolAssignment: int16 version, int32 count of
 * (topic name, int32 count of int32 partitions), null user data).
 */
public final class ConsumerGroupClassicView {

    private ConsumerGroupClassicView() {
    }

    /** The description of {@code group}, without authorized operations. */
    public static DescribedGroup describe(ConsumerGroup group) {
        List<DescribedGroupMember> members = new ArrayList<>();
        for (ConsumerGroupMember m : group.members()) {
            members.add(new DescribedGroupMember()
                    .memberId(m.memberId())
                    .groupInstanceId(m.instanceId())
                    .clientId(m.clientId())
                    .clientHost(m.clientHost())
                    .memberMetadata(subscription(m.subscribedTopicNames()))
                    .memberAssignment(assignment(m.assignedPartitions(), group.topics())));
        }
        return new DescribedGroup()
                .errorCode(ErrorCode.NONE.code())
                .groupId(group.groupId())
                .groupState(group.stateName())
                .protocolType(group.protocolType())
                .protocolData(group.assignorName())
                .members(members);
    }

    static byte[] subscription(List<String> topics) {
        return write(out -> {
            out.writeShort(0);
            out.writeInt(topics.size());
            for (String topic : topics) {
                out.writeUTF(topic);
            }
            out.writeInt(-1);
        });
    }

    static byte[] assignment(Assignment assignment, TopicMetadataImage topics) {
        List<Map.Entry<String, SortedSet<Integer>>> named = new ArrayList<>();
        for (Map.Entry<UUID, SortedSet<Integer>> e : assignment.topics().entrySet()) {
            Optional<TopicMetadataImage.Topic> topic = topics.byId(e.getKey());
            topic.ifPresent(t -> named.add(Map.entry(t.name(), e.getValue())));
        }
        return write(out -> {
            out.writeShort(0);
            out.writeInt(named.size());
            for (Map.Entry<String, SortedSet<Integer>> e : named) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().size());
                for (int partition : e.getValue()) {
                    out.writeInt(partition);
                }
            }
            out.writeInt(-1);
        });
    }

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] write(Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }
}
