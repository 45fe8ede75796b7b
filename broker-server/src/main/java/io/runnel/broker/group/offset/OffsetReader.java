package io.runnel.broker.group.offset;

import io.runnel.broker.group.core.CoordinatorContext;
import io.runnel.broker.group.core.Group;
import io.runnel.broker.group.core.GroupRequestContext;
import io.runnel.broker.topic.TopicPartition;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.OffsetFetchRequest;
import io.runnel.protocol.message.OffsetFetchRequest.OffsetFetchRequestGroup;
import io.runnel.protocol.message.OffsetFetchRequest.OffsetFetchRequestTopic;
import io.runnel.protocol.message.OffsetFetchRequest.OffsetFetchRequestTopics;
import io.runnel.protocol.message.OffsetFetchResponse;
import io.runnel.protocol.message.OffsetFetchResponse.OffsetFetchResponseGroup;
import io.runnel.protocol.message.OffsetFetchResponse.OffsetFetchResponsePartition;
import io.runnel.protocol.message.OffsetFetchResponse.OffsetFetchResponsePartitions;
import io.runnel.protocol.message.OffsetFetchResponse.OffsetFetchResponseTopic;
import io.runnel.protocol.message.OffsetFetchResponse.OffsetFetchResponseTopics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * OffsetFetch in both shapes: one group per request up to v7 (null topics from v2 means every committed
 * partition), several groups from v8, with the KIP-848 member id and epoch from v9. A partition without a commit
 * answers offset -1 and empty metadata; a group that does not exist has no commits. With {@code require_stable}
 * (v7+, what read_committed consumers send) a partition for which an open transaction has committed an offset
 * answers UNSTABLE_OFFSET_COMMIT, and the consumer asks again. Runs on the coordinator thread.
 */
public final class OffsetReader {
    private final CoordinatorContext ctx;
    private final OffsetManager offsets;
    private final TransactionalOffsets transactional;

    public OffsetReader(CoordinatorContext ctx, OffsetManager offsets, TransactionalOffsets transactional) {
        this.ctx = ctx;
        this.offsets = offsets;
        this.transactional = transactional;
    }

    /** One partition's answer, before it takes the shape of the request's version. */
    private record Fetched(int partition, CommittedOffset offset, ErrorCode error) {
        Fetched(int partition, CommittedOffset offset) {
            this(partition, offset, ErrorCode.NONE);
        }
    }

    /** A topic name and the partitions asked for it. */
    private record Asked(String topic, List<Integer> partitions) {
    }

    private record GroupResult(ErrorCode error, Map<String, List<Fetched>> topics) {
    }

    public OffsetFetchResponse fetch(GroupRequestContext client, OffsetFetchRequest request) {
        short version = client.apiVersion();
        if (version >= 8) {
            List<OffsetFetchResponseGroup> groups = new ArrayList<>();
            for (OffsetFetchRequestGroup g : request.groups()) {
                List<Asked> asked = null;
                if (g.topics() != null) {
                    asked = new ArrayList<>();
                    for (OffsetFetchRequestTopics t : g.topics()) {
                        asked.add(new Asked(t.name(), t.partitionIndexes()));
                    }
                }
                GroupResult result = fetchGroup(g.groupId(), g.memberId(), g.memberEpoch(), asked,
                        request.requireStable());
                groups.add(toGroup(g.groupId(), result));
            }
            return new OffsetFetchResponse().groups(groups);
        }
        List<Asked> asked = null;
        if (request.topics() != null) {
            asked = new ArrayList<>();
            for (OffsetFetchRequestTopic t : request.topics()) {
                asked.add(new Asked(t.name(), t.partitionIndexes()));
            }
        }
        GroupResult result = fetchGroup(request.groupId(), null, -1, asked, version >= 7 && request.requireStable());
        OffsetFetchResponse response = new OffsetFetchResponse().topics(new ArrayList<>());
        if (result.error() != ErrorCode.NONE && version >= 2) {
            return response.errorCode(result.error().code());
        }
        result.topics().forEach((topic, partitions) -> {
            List<OffsetFetchResponsePartition> list = new ArrayList<>();
            for (Fetched f : partitions) {
                list.add(new OffsetFetchResponsePartition().partitionIndex(f.partition())
                        .committedOffset(f.offset() == null ? -1 : f.offset().offset())
                        .committedLeaderEpoch(f.offset() == null ? -1 : f.offset().leaderEpoch())
                        .metadata(f.offset() == null ? "" : f.offset().metadata())
                        .errorCode(result.error() != ErrorCode.NONE ? result.error().code() : f.error().code()));
            }
            response.topics().add(new OffsetFetchResponseTopic().name(topic).partitions(list));
        });
        return response.errorCode(ErrorCode.NONE.code());
    }

    private GroupResult fetchGroup(String groupId, String memberId, int memberEpoch,
                                   List<Asked> asked, boolean requireStable) {
        ErrorCode error = ErrorCode.NONE;
        if (groupId == null) {
            error = ErrorCode.INVALID_GROUP_ID;
        } else {
            Group group = ctx.registry().get(groupId);
            if (group != null) {
                error = OffsetFence.fetch(group, memberId, memberEpoch);
            }
        }
        Map<String, List<Fetched>> topics = new TreeMap<>();
        Map<TopicPartition, CommittedOffset> committed = error == ErrorCode.NONE && groupId != null
                ? offsets.offsetsOf(groupId) : Map.of();
        if (asked == null) {
            committed.forEach((tp, offset) ->
                    topics.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(new Fetched(tp.partition(), offset)));
            topics.values().forEach(list -> list.sort((a, b) -> Integer.compare(a.partition(), b.partition())));
        } else {
            for (Asked a : asked) {
                List<Fetched> list = topics.computeIfAbsent(a.topic(), t -> new ArrayList<>());
                for (int partition : a.partitions()) {
                    TopicPartition tp = OffsetManager.partitionOrNull(a.topic(), partition);
                    if (requireStable && tp != null && error == ErrorCode.NONE
                            && transactional.isPending(groupId, tp)) {
                        list.add(new Fetched(partition, null, ErrorCode.UNSTABLE_OFFSET_COMMIT));
                    } else {
                        list.add(new Fetched(partition, tp == null ? null : committed.get(tp)));
                    }
                }
            }
        }
        return new GroupResult(error, topics);
    }

    private static OffsetFetchResponseGroup toGroup(String groupId, GroupResult result) {
        OffsetFetchResponseGroup group = new OffsetFetchResponseGroup().groupId(groupId)
                .errorCode(result.error().code()).topics(new ArrayList<>());
        if (result.error() != ErrorCode.NONE) {
            return group;
        }
        result.topics().forEach((topic, partitions) -> {
            List<OffsetFetchResponsePartitions> list = new ArrayList<>();
            for (Fetched f : partitions) {
                list.add(new OffsetFetchResponsePartitions().partitionIndex(f.partition())
                        .committedOffset(f.offset() == null ? -1 : f.offset().offset())
                        .committedLeaderEpoch(f.offset() == null ? -1 : f.offset().leaderEpoch())
                        .metadata(f.offset() == null ? "" : f.offset().metadata())
                        .errorCode(f.error().code()));
            }
            group.topics().add(new OffsetFetchResponseTopics().name(topic).partitions(list));
        });
        return group;
    }
}
