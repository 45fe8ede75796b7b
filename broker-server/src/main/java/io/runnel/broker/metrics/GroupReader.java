package io.runnel.broker.metrics;

import io.runnel.broker.group.GroupCoordinator;
import io.runnel.broker.group.core.GroupRequestContext;
import io.runnel.broker.topic.TopicPartition;
import io.runnel.protocol.ApiKey;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.DescribeGroupsRequest;
import io.runnel.protocol.message.DescribeGroupsResponse.DescribedGroup;
import io.runnel.protocol.message.DescribeGroupsResponse.DescribedGroupMember;
import io.runnel.protocol.message.ListGroupsRequest;
import io.runnel.protocol.message.ListGroupsResponse.ListedGroup;
import io.runnel.protocol.message.OffsetCommitRequest;
import io.runnel.protocol.message.OffsetCommitRequest.OffsetCommitRequestPartition;
import io.runnel.protocol.message.OffsetCommitRequest.OffsetCommitRequestTopic;
import io.runnel.protocol.message.OffsetCommitResponse;
import io.runnel.protocol.message.OffsetFetchRequest;
import io.runnel.protocol.message.OffsetFetchRequest.OffsetFetchRequestGroup;
import io.runnel.protocol.message.OffsetFetchResponse;
import io.runnel.protocol.message.OffsetFetchResponse.OffsetFetchResponseGroup;
import io.runnel.protocol.message.OffsetFetchResponse.OffsetFetchResponsePartitions;
import io.runnel.protocol.message.OffsetFetchResponse.OffsetFetchResponseTopics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Reads consumer groups from the {@link GroupCoordinator} the way Kafka's admin tools do — ListGroups,
 * DescribeGroups, OffsetFetch — and writes offsets the way {@code kafka-consumer-groups --reset-offsets} does
 * (an OffsetCommit from outside the group, which the coordinator accepts only while the group has no members).
 *
 * <p>Going through the coordinator's public API keeps these reads on its thread, where group state lives, and
 * independent of how the coordinator is built inside. The futures complete on the coordinator thread; callers
 * wait for them on their own thread (never a network thread).
 */
public final class GroupReader {
    private static final String CLIENT_ID = "runnel-http";
    private static final GroupRequestContext LIST = context(ApiKey.LIST_GROUPS, 5);
    private static final GroupRequestContext DESCRIBE = context(ApiKey.DESCRIBE_GROUPS, 5);
    private static final GroupRequestContext OFFSET_FETCH = context(ApiKey.OFFSET_FETCH, 8);
    private static final GroupRequestContext OFFSET_COMMIT = context(ApiKey.OFFSET_COMMIT, 8);

    private final GroupCoordinator coordinator;

    public GroupReader(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    /** Every group the coordinator knows, sorted by id. */
    public CompletableFuture<List<GroupSnapshot>> readAll() {
        return coordinator.listGroups(LIST, new ListGroupsRequest().statesFilter(List.of()).typesFilter(List.of()))
                .thenCompose(listed -> {
                    Map<String, ListedGroup> byId = new LinkedHashMap<>();
                    for (ListedGroup g : listed.groups()) {
                        byId.put(g.groupId(), g);
                    }
                    return read(byId);
                });
    }

    /** One group, or null when the coordinator does not know it. */
    public CompletableFuture<GroupSnapshot> read(String groupId) {
        return coordinator.listGroups(LIST, new ListGroupsRequest().statesFilter(List.of()).typesFilter(List.of()))
                .thenCompose(listed -> {
                    Map<String, ListedGroup> byId = new LinkedHashMap<>();
                    for (ListedGroup g : listed.groups()) {
                        if (g.groupId().equals(groupId)) {
                            byId.put(g.groupId(), g);
                        }
                    }
                    return read(byId);
                })
                .thenApply(groups -> groups.isEmpty() ? null : groups.get(0));
    }

    private CompletableFuture<List<GroupSnapshot>> read(Map<String, ListedGroup> listed) {
        if (listed.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        List<String> ids = new ArrayList<>(listed.keySet());
        List<OffsetFetchRequestGroup> fetches = new ArrayList<>(ids.size());
        for (String id : ids) {
            fetches.add(new OffsetFetchRequestGroup().groupId(id).memberId(null).memberEpoch(-1).topics(null));
        }
        CompletableFuture<List<DescribedGroup>> described = coordinator.describeGroups(DESCRIBE,
                new DescribeGroupsRequest().groups(ids).includeAuthorizedOperations(false))
                .thenApply(r -> r.groups());
        CompletableFuture<OffsetFetchResponse> offsets = coordinator.offsetFetch(OFFSET_FETCH,
                new OffsetFetchRequest().groups(fetches).requireStable(false));
        return described.thenCombine(offsets, (groups, fetched) -> {
            Map<String, Map<TopicPartition, Long>> committed = committed(fetched);
            List<GroupSnapshot> out = new ArrayList<>(groups.size());
            for (DescribedGroup d : groups) {
                ListedGroup l = listed.get(d.groupId());
                if (l == null || d.errorCode() != ErrorCode.NONE.code()) {
                    continue;
                }
                out.add(new GroupSnapshot(d.groupId(), l.groupType(), d.groupState(), d.protocolType(),
                        d.protocolData(), members(d), committed.getOrDefault(d.groupId(), Map.of())));
            }
            out.sort((a, b) -> a.groupId().compareTo(b.groupId()));
            return out;
        });
    }

    private static List<GroupSnapshot.Member> members(DescribedGroup group) {
        boolean consumer = "consumer".equals(group.protocolType());
        List<GroupSnapshot.Member> members = new ArrayList<>(group.members().size());
        for (DescribedGroupMember m : group.members()) {
            members.add(new GroupSnapshot.Member(m.memberId(), m.groupInstanceId(), m.clientId(), m.clientHost(),
                    consumer ? ConsumerAssignments.decode(m.memberAssignment()) : List.of()));
        }
        return members;
    }

    private static Map<String, Map<TopicPartition, Long>> committed(OffsetFetchResponse response) {
        Map<String, Map<TopicPartition, Long>> out = new HashMap<>();
        for (OffsetFetchResponseGroup g : response.groups()) {
            if (g.errorCode() != ErrorCode.NONE.code()) {
                continue;
            }
            Map<TopicPartition, Long> offsets = new TreeMap<>(GroupReader::compare);
            for (OffsetFetchResponseTopics t : g.topics()) {
                for (OffsetFetchResponsePartitions p : t.partitions()) {
                    if (p.errorCode() == ErrorCode.NONE.code() && p.committedOffset() >= 0) {
                        offsets.put(new TopicPartition(t.name(), p.partitionIndex()), p.committedOffset());
                    }
                }
            }
            out.put(g.groupId(), offsets);
        }
        return out;
    }

    /**
     * Commits {@code offsets} for {@code groupId} from outside the group. The coordinator refuses it (per
     * partition) unless the group has no members.
     *
     * @return the error per partition; {@link ErrorCode#NONE} where the offset was committed
     */
    public CompletableFuture<Map<TopicPartition, ErrorCode>> commit(String groupId, Map<TopicPartition, Long> offsets) {
        Map<String, List<OffsetCommitRequestPartition>> byTopic = new TreeMap<>();
        for (Map.Entry<TopicPartition, Long> e : offsets.entrySet()) {
            byTopic.computeIfAbsent(e.getKey().topic(), t -> new ArrayList<>()).add(new OffsetCommitRequestPartition()
                    .partitionIndex(e.getKey().partition()).committedOffset(e.getValue()).committedLeaderEpoch(-1)
                    .committedMetadata(""));
        }
        List<OffsetCommitRequestTopic> topics = new ArrayList<>();
        byTopic.forEach((name, partitions) -> topics.add(new OffsetCommitRequestTopic().name(name)
                .partitions(partitions)));
        OffsetCommitRequest request = new OffsetCommitRequest().groupId(groupId).generationIdOrMemberEpoch(-1)
                .memberId("").groupInstanceId(null).topics(topics);
        return coordinator.offsetCommit(OFFSET_COMMIT, request).thenApply(GroupReader::errors);
    }

    private static Map<TopicPartition, ErrorCode> errors(OffsetCommitResponse response) {
        Map<TopicPartition, ErrorCode> out = new TreeMap<>(GroupReader::compare);
        for (OffsetCommitResponse.OffsetCommitResponseTopic t : response.topics()) {
            for (OffsetCommitResponse.OffsetCommitResponsePartition p : t.partitions()) {
                out.put(new TopicPartition(t.name(), p.partitionIndex()), ErrorCode.forCode(p.errorCode()));
            }
        }
        return out;
    }

    /** Orders partitions by topic name, then partition number. */
    public static int compare(TopicPartition a, TopicPartition b) {
        int byTopic = a.topic().compareTo(b.topic());
        return byTopic != 0 ? byTopic : Integer.compare(a.partition(), b.partition());
    }

    private static GroupRequestContext context(ApiKey api, int version) {
        return new GroupRequestContext((short) Math.min(version, api.highestVersion()), CLIENT_ID, "");
    }
}
