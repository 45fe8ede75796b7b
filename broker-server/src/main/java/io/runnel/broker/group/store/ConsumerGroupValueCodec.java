package io.runnel.broker.group.store;

import io.netty.buffer.ByteBuf;
import io.runnel.broker.group.assignor.Assignment;
import io.runnel.broker.group.assignor.TopicIdPartition;
import io.runnel.broker.group.consumer.MemberState;
import io.runnel.broker.group.consumer.StoredConsumerGroup;
import io.runnel.broker.group.consumer.TargetAssignment;
import io.runnel.protocol.MalformedMessageException;
import io.runnel.protocol.types.WireReader;
import io.runnel.protocol.types.WireWriter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The body of Runnel's consumer-protocol group value (version 1000, after the version itself): the whole group in
 * one record, read and written field by field in the order docs/consumer-groups.md lists them.
 */
final class ConsumerGroupValueCodec {
    private static final byte HELD_ASSIGNED = 0;
    private static final byte HELD_PENDING_REVOCATION = 1;

    private ConsumerGroupValueCodec() {
    }

    static void write(ByteBuf out, StoredConsumerGroup group) {
        out.writeInt(group.groupEpoch());
        WireWriter.writeString(out, group.assignorName());
        out.writeInt(group.subscribedPartitionCounts().size());
        for (Map.Entry<UUID, Integer> e : new TreeMap<>(group.subscribedPartitionCounts()).entrySet()) {
            WireWriter.writeUuid(out, e.getKey());
            out.writeInt(e.getValue());
        }
        out.writeInt(group.target().epoch());
        out.writeInt(group.target().members().size());
        for (Map.Entry<String, Assignment> e : group.target().members().entrySet()) {
            WireWriter.writeString(out, e.getKey());
            writeAssignment(out, e.getValue());
        }
        out.writeInt(group.members().size());
        for (StoredConsumerGroup.Member m : group.members()) {
            WireWriter.writeString(out, m.memberId());
            WireWriter.writeNullableString(out, m.instanceId());
            WireWriter.writeNullableString(out, m.rackId());
            WireWriter.writeString(out, m.clientId());
            WireWriter.writeString(out, m.clientHost());
            out.writeInt(m.rebalanceTimeoutMs());
            out.writeInt(m.subscribedTopicNames().size());
            for (String name : m.subscribedTopicNames()) {
                WireWriter.writeString(out, name);
            }
            WireWriter.writeNullableString(out, m.subscribedTopicRegex());
            WireWriter.writeNullableString(out, m.serverAssignor());
            out.writeInt(m.subscribedTopicIds().size());
            for (UUID id : m.subscribedTopicIds()) {
                WireWriter.writeUuid(out, id);
            }
            out.writeInt(m.memberEpoch());
            out.writeInt(m.previousMemberEpoch());
            out.writeByte(stateCode(m.state()));
            List<TopicIdPartition> held = new ArrayList<>(m.assigned().partitionList());
            held.addAll(m.pendingRevocation().partitionList());
            out.writeInt(held.size());
            for (TopicIdPartition tp : held) {
                WireWriter.writeUuid(out, tp.topicId());
                out.writeInt(tp.partition());
                Integer epoch = m.assignmentEpochs().get(tp);
                out.writeInt(epoch == null ? -1 : epoch);
                out.writeByte(m.assigned().contains(tp) ? HELD_ASSIGNED : HELD_PENDING_REVOCATION);
            }
        }
    }

    static StoredConsumerGroup read(String groupId, ByteBuf in) {
        int groupEpoch = WireReader.readInt32(in);
        String assignor = WireReader.readString(in);
        int countEntries = WireReader.readArrayLength(in, 20);
        Map<UUID, Integer> counts = new HashMap<>();
        for (int i = 0; i < countEntries; i++) {
            counts.put(WireReader.readUuid(in), WireReader.readInt32(in));
        }
        int targetEpoch = WireReader.readInt32(in);
        int targetMembers = WireReader.readArrayLength(in, 6);
        Map<String, Assignment> target = new TreeMap<>();
        for (int i = 0; i < targetMembers; i++) {
            target.put(WireReader.readString(in), readAssignment(in));
        }
        int memberCount = WireReader.readArrayLength(in, 40);
        List<StoredConsumerGroup.Member> members = new ArrayList<>(memberCount);
        for (int i = 0; i < memberCount; i++) {
            members.add(readMember(in));
        }
        return new StoredConsumerGroup(groupId, groupEpoch, assignor, counts,
                new TargetAssignment(targetEpoch, target), members);
    }

    private static StoredConsumerGroup.Member readMember(ByteBuf in) {
        String memberId = WireReader.readString(in);
        String instanceId = WireReader.readNullableString(in);
        String rackId = WireReader.readNullableString(in);
        String clientId = WireReader.readString(in);
        String clientHost = WireReader.readString(in);
        int rebalanceTimeoutMs = WireReader.readInt32(in);
        int nameCount = WireReader.readArrayLength(in, 2);
        List<String> names = new ArrayList<>(nameCount);
        for (int i = 0; i < nameCount; i++) {
            names.add(WireReader.readString(in));
        }
        String regex = WireReader.readNullableString(in);
        String serverAssignor = WireReader.readNullableString(in);
        int idCount = WireReader.readArrayLength(in, 16);
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < idCount; i++) {
            ids.add(WireReader.readUuid(in));
        }
        int memberEpoch = WireReader.readInt32(in);
        int previousEpoch = WireReader.readInt32(in);
        MemberState state = state(WireReader.readInt8(in));
        int heldCount = WireReader.readArrayLength(in, 25);
        Assignment.Builder assigned = Assignment.builder();
        Assignment.Builder pending = Assignment.builder();
        Map<TopicIdPartition, Integer> epochs = new HashMap<>();
        for (int i = 0; i < heldCount; i++) {
            TopicIdPartition tp = new TopicIdPartition(WireReader.readUuid(in), WireReader.readInt32(in));
            int epoch = WireReader.readInt32(in);
            if (epoch >= 0) {
                epochs.put(tp, epoch);
            }
            (WireReader.readInt8(in) == HELD_ASSIGNED ? assigned : pending).add(tp);
        }
        return new StoredConsumerGroup.Member(memberId, instanceId, rackId, clientId, clientHost, rebalanceTimeoutMs,
                names, regex, serverAssignor, ids, memberEpoch, previousEpoch, state, assigned.build(),
                pending.build(), epochs);
    }

    private static void writeAssignment(ByteBuf out, Assignment assignment) {
        out.writeInt(assignment.topics().size());
        for (Map.Entry<UUID, SortedSet<Integer>> e : assignment.topics().entrySet()) {
            WireWriter.writeUuid(out, e.getKey());
            out.writeInt(e.getValue().size());
            for (int partition : e.getValue()) {
                out.writeInt(partition);
            }
        }
    }

    private static Assignment readAssignment(ByteBuf in) {
        int topics = WireReader.readArrayLength(in, 20);
        Assignment.Builder builder = Assignment.builder();
        for (int t = 0; t < topics; t++) {
            UUID id = WireReader.readUuid(in);
            int partitions = WireReader.readArrayLength(in, 4);
            for (int p = 0; p < partitions; p++) {
                builder.add(id, WireReader.readInt32(in));
            }
        }
        return builder.build();
    }

    private static byte stateCode(MemberState state) {
        return switch (state) {
            case STABLE -> 0;
            case UNREVOKED_PARTITIONS -> 1;
            case UNRELEASED_PARTITIONS -> 2;
        };
    }

    private static MemberState state(byte code) {
        return switch (code) {
            case 0 -> MemberState.STABLE;
            case 1 -> MemberState.UNREVOKED_PARTITIONS;
            case 2 -> MemberState.UNRELEASED_PARTITIONS;
            default -> throw new MalformedMessageException("unknown member state " + code);
        };
    }
}
