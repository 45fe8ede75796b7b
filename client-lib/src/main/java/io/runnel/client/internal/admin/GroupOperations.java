package io.runnel.client.internal.admin;

import io.runnel.client.ApiErrorException;
import io.runnel.client.RunnelException;
import io.runnel.client.TopicPartition;
import io.runnel.client.admin.GroupDescription;
import io.runnel.client.admin.GroupListing;
import io.runnel.client.admin.MemberDescription;
import io.runnel.client.admin.OffsetSpec;
import io.runnel.client.admin.PartitionLag;
import io.runnel.client.internal.metadata.ClusterSnapshot;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ConsumerGroupDescribeRequest;
import io.runnel.protocol.message.ConsumerGroupDescribeResponse;
import io.runnel.protocol.message.DeleteGroupsRequest;
import io.runnel.protocol.message.DeleteGroupsResponse;
import io.runnel.protocol.message.DescribeGroupsRequest;
import io.runnel.protocol.message.DescribeGroupsResponse;
import io.runnel.protocol.message.ListGroupsRequest;
import io.runnel.protocol.message.ListGroupsResponse;
import io.runnel.protocol.message.OffsetCommitRequest;
import io.runnel.protocol.message.OffsetCommitResponse;
import io.runnel.protocol.message.OffsetFetchRequest;
import io.runnel.protocol.message.OffsetFetchResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The consumer-group half of the admin client: list, describe, lag, offset reset, delete. Group requests go to the
 * group's coordinator (found with FindCoordinator on every attempt, so a moved coordinator is followed). A group
 * is described with ConsumerGroupDescribe first; a classic group (or a broker without it) falls back to
 * DescribeGroups, whose member assignments are decoded from the classic consumer protocol.
 *
 * <p>Thread rules: stateless apart from the runtime; every method may be called from any thread.
 */
public final class GroupOperations {
    private static final Logger LOG = LoggerFactory.getLogger(GroupOperations.class);
    private static final Set<String> INACTIVE_STATES = Set.of("Empty", "Dead");

    private final AdminRuntime runtime;

    /** Group operations over {@code runtime}'s network. */
    public GroupOperations(AdminRuntime runtime) {
        this.runtime = runtime;
    }

    /** Every group of every broker, by id. */
    public CompletableFuture<List<GroupListing>> list() {
        return runtime.retrying("list groups", () -> runtime.metadata(List.of()).thenCompose(snapshot -> {
            Map<String, GroupListing> groups = new TreeMap<>();
            List<CompletableFuture<Void>> requests = new ArrayList<>();
            for (int node : snapshot.nodes().keySet()) {
                requests.add(runtime.network().<ListGroupsResponse>send(node, new ListGroupsRequest()
                        .statesFilter(List.of()).typesFilter(List.of()), (short) -1).thenAccept(response -> {
                            TopicOperations.check(response.errorCode(), null, "list groups of node " + node);
                            for (ListGroupsResponse.ListedGroup group : response.groups()) {
                                groups.put(group.groupId(), new GroupListing(group.groupId(),
                                        typeOf(group), group.protocolType(), group.groupState()));
                            }
                        }));
            }
            return CompletableFuture.allOf(requests.toArray(new CompletableFuture<?>[0]))
                    .thenApply(done -> List.copyOf(groups.values()));
        }));
    }

    private static String typeOf(ListGroupsResponse.ListedGroup group) {
        String type = group.groupType();
        return type == null ? "" : type.toLowerCase(java.util.Locale.ROOT);
    }

    /** The group's protocol, state, assignor and members with their partitions. */
    public CompletableFuture<GroupDescription> describe(String groupId) {
        return runtime.retrying("describe group " + groupId, () -> describeOnce(groupId));
    }

    private CompletableFuture<GroupDescription> describeOnce(String groupId) {
        return runtime.coordinator(groupId).thenCompose(node -> runtime.network()
                .<ConsumerGroupDescribeResponse>send(node, new ConsumerGroupDescribeRequest()
                        .groupIds(List.of(groupId)), (short) -1)
                .handle((response, failure) -> {
                    Throwable cause = AdminRuntime.unwrap(failure);
                    if (cause instanceof ApiErrorException e && e.errorCode() == ErrorCode.UNSUPPORTED_VERSION) {
                        return null; // the broker has no KIP-848 groups: describe it as classic
                    }
                    if (cause instanceof RuntimeException e) {
                        throw e;
                    }
                    if (cause != null) {
                        throw new RunnelException("describe group " + groupId + " failed", cause);
                    }
                    ConsumerGroupDescribeResponse.DescribedGroup group = response.groups().get(0);
                    ErrorCode error = ErrorCode.forCode(group.errorCode());
                    if (error == ErrorCode.GROUP_ID_NOT_FOUND) {
                        return null; // not a consumer-protocol group: try the classic describe
                    }
                    TopicOperations.check(group.errorCode(), group.errorMessage(), "describe group " + groupId);
                    return consumerGroup(group);
                })
                .thenCompose(described -> described != null ? CompletableFuture.completedFuture(described)
                        : describeClassic(node, groupId)));
    }

    private static GroupDescription consumerGroup(ConsumerGroupDescribeResponse.DescribedGroup group) {
        List<MemberDescription> members = new ArrayList<>();
        for (ConsumerGroupDescribeResponse.Member member : group.members()) {
            Set<TopicPartition> assigned = new HashSet<>();
            for (ConsumerGroupDescribeResponse.TopicPartitions topic : member.assignment().topicPartitions()) {
                for (int partition : topic.partitions()) {
                    assigned.add(new TopicPartition(topic.topicName(), partition));
                }
            }
            members.add(new MemberDescription(member.memberId(), member.instanceId(), member.clientId(),
                    member.clientHost(), assigned));
        }
        return new GroupDescription(group.groupId(), "consumer", group.groupState(),
                group.assignorName() == null ? "" : group.assignorName(), members);
    }

    private CompletableFuture<GroupDescription> describeClassic(int node, String groupId) {
        return runtime.network().<DescribeGroupsResponse>send(node, new DescribeGroupsRequest()
                .groups(List.of(groupId)), (short) -1).thenApply(response -> {
                    DescribeGroupsResponse.DescribedGroup group = response.groups().get(0);
                    TopicOperations.check(group.errorCode(), null, "describe group " + groupId);
                    boolean consumerProtocol = "consumer".equals(group.protocolType());
                    List<MemberDescription> members = new ArrayList<>();
                    for (DescribeGroupsResponse.DescribedGroupMember member : group.members()) {
                        List<TopicPartition> assigned;
                        try {
                            assigned = consumerProtocol ? ConsumerAssignmentDecoder.decode(member.memberAssignment())
                                    : List.of();
                        } catch (RuntimeException e) {
                            throw new RunnelException("group " + groupId + " member " + member.memberId()
                                    + " has an assignment that is not the consumer protocol's: " + e.getMessage(), e);
                        }
                        members.add(new MemberDescription(member.memberId(), member.groupInstanceId(),
                                member.clientId(), member.clientHost(), new HashSet<>(assigned)));
                    }
                    return new GroupDescription(group.groupId(), "classic", group.groupState(),
                            consumerProtocol ? group.protocolData() : "", members);
                });
    }

    /** For each partition the group committed: the committed offset, the partition's end and the difference. */
    public CompletableFuture<Map<TopicPartition, PartitionLag>> lag(String groupId) {
        return runtime.retrying("compute the lag of group " + groupId, () -> committed(groupId)
                .thenCompose(committed -> {
                    Set<String> topics = new HashSet<>();
                    committed.keySet().forEach(tp -> topics.add(tp.topic()));
                    if (topics.isEmpty()) {
                        return CompletableFuture.completedFuture(Map.<TopicPartition, PartitionLag>of());
                    }
                    return runtime.metadata(topics).thenCompose(snapshot -> {
                        Map<TopicPartition, Long> ends = new LinkedHashMap<>();
                        for (TopicPartition tp : committed.keySet()) {
                            if (snapshot.partition(tp) != null) {
                                ends.put(tp, OffsetLookup.LATEST); // commits of deleted topics are left out
                            }
                        }
                        return OffsetLookup.offsets(runtime, snapshot, ends).thenApply(end -> {
                            Map<TopicPartition, PartitionLag> lag = new TreeMap<>();
                            end.forEach((tp, endOffset) -> {
                                long offset = committed.get(tp);
                                lag.put(tp, new PartitionLag(tp, offset, endOffset, Math.max(0, endOffset - offset)));
                            });
                            return Collections.unmodifiableMap(lag);
                        });
                    });
                }));
    }

    /** The group's committed offsets (partitions without a commit left out), read from its coordinator. */
    private CompletableFuture<Map<TopicPartition, Long>> committed(String groupId) {
        OffsetFetchRequest request = new OffsetFetchRequest().groupId(groupId).topics(null).requireStable(false)
                .groups(List.of(new OffsetFetchRequest.OffsetFetchRequestGroup().groupId(groupId).topics(null)));
        return runtime.coordinator(groupId).thenCompose(node -> runtime.network()
                .<OffsetFetchResponse>send(node, request, (short) -1).thenApply(response -> {
                    Map<TopicPartition, Long> offsets = new TreeMap<>();
                    if (!response.groups().isEmpty()) {
                        OffsetFetchResponse.OffsetFetchResponseGroup group = response.groups().get(0);
                        TopicOperations.check(group.errorCode(), null, "fetch offsets of group " + groupId);
                        for (OffsetFetchResponse.OffsetFetchResponseTopics topic : group.topics()) {
                            for (OffsetFetchResponse.OffsetFetchResponsePartitions p : topic.partitions()) {
                                addCommitted(offsets, groupId, topic.name(), p.partitionIndex(),
                                        p.committedOffset(), p.errorCode());
                            }
                        }
                    } else {
                        TopicOperations.check(response.errorCode(), null, "fetch offsets of group " + groupId);
                        for (OffsetFetchResponse.OffsetFetchResponseTopic topic : response.topics()) {
                            for (OffsetFetchResponse.OffsetFetchResponsePartition p : topic.partitions()) {
                                addCommitted(offsets, groupId, topic.name(), p.partitionIndex(),
                                        p.committedOffset(), p.errorCode());
                            }
                        }
                    }
                    return offsets;
                }));
    }

    /** One partition of an OffsetFetch answer (v8+ and older carry it in different structs). */
    private static void addCommitted(Map<TopicPartition, Long> into, String groupId, String topic, int partition,
                                     long offset, short errorCode) {
        TopicOperations.check(errorCode, null, "fetch offset of group " + groupId + " for " + topic + "-" + partition);
        if (offset >= 0) {
            into.put(new TopicPartition(topic, partition), offset);
        }
    }

    /**
     * Moves the group's committed offsets for every partition of {@code topic} to {@code spec}, clamped to each
     * partition's log. Only for a group without active members, as Kafka's tool demands; the commit is a "simple"
     * one (generation -1, no member id).
     *
     * @return the new committed offset of each partition
     */
    public CompletableFuture<Map<TopicPartition, Long>> resetOffsets(String groupId, String topic, OffsetSpec spec) {
        return runtime.retrying("reset offsets of group " + groupId + " on topic " + topic,
                () -> describeOnce(groupId).thenCompose(group -> {
                    if (!group.members().isEmpty() || !INACTIVE_STATES.contains(group.state())) {
                        throw new ApiErrorException(ErrorCode.NON_EMPTY_GROUP, "offsets of group " + groupId
                                + " can only be reset while it is inactive; it is " + group.state() + " with "
                                + group.members().size() + " member(s)");
                    }
                    return runtime.existingTopic(topic);
                }).thenCompose(snapshot -> targets(groupId, topic, spec, snapshot))
                        .thenCompose(targets -> commit(groupId, targets)));
    }

    /**
     * The offsets {@link #resetOffsets} would commit now, without committing anything or checking the group's
     * members: a dry run.
     */
    public CompletableFuture<Map<TopicPartition, Long>> previewReset(String groupId, String topic, OffsetSpec spec) {
        return runtime.retrying("preview offset reset of group " + groupId + " on topic " + topic,
                () -> runtime.existingTopic(topic).thenCompose(snapshot -> targets(groupId, topic, spec, snapshot))
                        .thenApply(Collections::unmodifiableMap));
    }

    private CompletableFuture<Map<TopicPartition, Long>> targets(String groupId, String topic, OffsetSpec spec,
                                                                 ClusterSnapshot snapshot) {
        CompletableFuture<Map<TopicPartition, Long>> earliest = OffsetLookup.offsets(runtime, snapshot,
                OffsetLookup.allPartitions(snapshot, topic, OffsetLookup.EARLIEST));
        CompletableFuture<Map<TopicPartition, Long>> latest = OffsetLookup.offsets(runtime, snapshot,
                OffsetLookup.allPartitions(snapshot, topic, OffsetLookup.LATEST));
        CompletableFuture<Map<TopicPartition, Long>> byTime = spec instanceof OffsetSpec.Timestamp t
                ? OffsetLookup.offsets(runtime, snapshot, OffsetLookup.allPartitions(snapshot, topic, t.timestampMs()))
                : CompletableFuture.completedFuture(Map.of());
        CompletableFuture<Map<TopicPartition, Long>> current = spec instanceof OffsetSpec.Shift
                ? committed(groupId) : CompletableFuture.completedFuture(Map.of());
        return CompletableFuture.allOf(earliest, latest, byTime, current).thenApply(done -> {
            Map<TopicPartition, Long> targets = new TreeMap<>();
            for (Map.Entry<TopicPartition, Long> entry : earliest.join().entrySet()) {
                TopicPartition tp = entry.getKey();
                long low = entry.getValue();
                long high = latest.join().get(tp);
                long wanted;
                if (spec instanceof OffsetSpec.Earliest) {
                    wanted = low;
                } else if (spec instanceof OffsetSpec.Latest) {
                    wanted = high;
                } else if (spec instanceof OffsetSpec.Offset o) {
                    wanted = o.offset();
                } else if (spec instanceof OffsetSpec.Timestamp) {
                    long found = byTime.join().getOrDefault(tp, -1L);
                    wanted = found < 0 ? high : found;
                } else {
                    long delta = ((OffsetSpec.Shift) spec).delta();
                    Long from = current.join().get(tp);
                    if (from == null) {
                        throw new RunnelException("group " + groupId + " has no committed offset for " + tp
                                + " to shift by " + delta);
                    }
                    wanted = from + delta;
                }
                targets.put(tp, Math.max(low, Math.min(high, wanted)));
            }
            return targets;
        });
    }

    private CompletableFuture<Map<TopicPartition, Long>> commit(String groupId, Map<TopicPartition, Long> targets) {
        Map<String, List<OffsetCommitRequest.OffsetCommitRequestPartition>> byTopic = new TreeMap<>();
        targets.forEach((tp, offset) -> byTopic.computeIfAbsent(tp.topic(), k -> new ArrayList<>())
                .add(new OffsetCommitRequest.OffsetCommitRequestPartition().partitionIndex(tp.partition())
                        .committedOffset(offset).committedMetadata("")));
        List<OffsetCommitRequest.OffsetCommitRequestTopic> topics = new ArrayList<>();
        byTopic.forEach((name, partitions) -> topics.add(new OffsetCommitRequest.OffsetCommitRequestTopic()
                .name(name).partitions(partitions)));
        OffsetCommitRequest request = new OffsetCommitRequest().groupId(groupId).generationIdOrMemberEpoch(-1)
                .memberId("").groupInstanceId(null).topics(topics);
        return runtime.coordinator(groupId).thenCompose(node -> runtime.network()
                .<OffsetCommitResponse>send(node, request, (short) -1).thenApply(response -> {
                    for (OffsetCommitResponse.OffsetCommitResponseTopic topic : response.topics()) {
                        for (OffsetCommitResponse.OffsetCommitResponsePartition p : topic.partitions()) {
                            TopicOperations.check(p.errorCode(), null, "commit offset of group " + groupId + " for "
                                    + topic.name() + "-" + p.partitionIndex());
                        }
                    }
                    LOG.info("reset offsets of group {}: {}", groupId, targets);
                    return Collections.unmodifiableMap(targets);
                }));
    }

    /** Deletes the group and its committed offsets; it must have no members. */
    public CompletableFuture<Void> delete(String groupId) {
        return runtime.retrying("delete group " + groupId, () -> runtime.coordinator(groupId).thenCompose(node ->
                runtime.network().<DeleteGroupsResponse>send(node, new DeleteGroupsRequest()
                        .groupsNames(List.of(groupId)), (short) -1).thenAccept(response -> {
                            TopicOperations.check(response.results().get(0).errorCode(), null,
                                    "delete group " + groupId);
                            LOG.info("deleted group {}", groupId);
                        })));
    }
}
