package io.runnel.broker.group.offset;

import io.runnel.broker.group.classic.ClassicGroup;
import io.runnel.broker.group.core.CoordinatorContext;
import io.runnel.broker.group.core.Group;
import io.runnel.broker.group.core.GroupException;
import io.runnel.broker.group.core.GroupRequestContext;
import io.runnel.broker.topic.TopicPartition;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.OffsetCommitRequest;
import io.runnel.protocol.message.OffsetCommitRequest.OffsetCommitRequestPartition;
import io.runnel.protocol.message.OffsetCommitRequest.OffsetCommitRequestTopic;
import io.runnel.protocol.message.OffsetCommitResponse;
import io.runnel.protocol.message.OffsetCommitResponse.OffsetCommitResponsePartition;
import io.runnel.protocol.message.OffsetCommitResponse.OffsetCommitResponseTopic;
import io.runnel.protocol.message.OffsetDeleteRequest;
import io.runnel.protocol.message.OffsetDeleteRequest.OffsetDeleteRequestPartition;
import io.runnel.protocol.message.OffsetDeleteRequest.OffsetDeleteRequestTopic;
import io.runnel.protocol.message.OffsetDeleteResponse;
import io.runnel.protocol.message.OffsetDeleteResponse.OffsetDeleteResponsePartition;
import io.runnel.protocol.message.OffsetDeleteResponse.OffsetDeleteResponseTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Committed offsets of every group: OffsetCommit (fenced by the group: generation or member epoch, member id,
 * static instance), OffsetDelete, retention, and the reads behind OffsetFetch ({@link OffsetReader}). The
 * offsets live in memory and in the {@link OffsetStore}; a commit is applied and acknowledged only once it is
 * stored. Runs on the coordinator thread.
 */
public final class OffsetManager {
    private static final Logger LOG = LoggerFactory.getLogger(OffsetManager.class);

    private final CoordinatorContext ctx;
    private final OffsetConfig config;
    private final OffsetStore store;
    private final Map<String, Map<TopicPartition, CommittedOffset>> offsets = new HashMap<>();
    /** Commits written to the store but not yet durable (so not in {@link #offsets}); retention leaves them be. */
    private final Map<String, Map<TopicPartition, Integer>> inFlight = new HashMap<>();

    public OffsetManager(CoordinatorContext ctx, OffsetConfig config, OffsetStore store) {
        this.ctx = ctx;
        this.config = config;
        this.store = store;
    }

    public void load(Map<String, Map<TopicPartition, CommittedOffset>> stored) {
        stored.forEach((group, map) -> {
            if (!map.isEmpty()) {
                offsets.put(group, new HashMap<>(map));
            }
        });
    }

    /** The group's committed offsets (read-only view), empty when none. */
    public Map<TopicPartition, CommittedOffset> offsetsOf(String groupId) {
        Map<TopicPartition, CommittedOffset> map = offsets.get(groupId);
        return map == null ? Map.of() : map;
    }

    /**
     * The partition a request names, or null when no partition can have that name (an empty topic or a negative
     * index): no offset is committed there, which is what Kafka answers for such input.
     */
    static TopicPartition partitionOrNull(String topic, int partition) {
        return topic == null || topic.isEmpty() || partition < 0 ? null : new TopicPartition(topic, partition);
    }

    public boolean hasOffsets(String groupId) {
        return offsets.containsKey(groupId);
    }

    public Iterable<String> groupsWithOffsets() {
        return new ArrayList<>(offsets.keySet());
    }

    /** Makes offsets durable elsewhere (a committed transaction's) the group's committed offsets. */
    void applyCommitted(String groupId, Map<TopicPartition, CommittedOffset> committed) {
        offsets.computeIfAbsent(groupId, g -> new HashMap<>()).putAll(committed);
    }

    // ---- OffsetCommit ----

    public void commit(GroupRequestContext client, OffsetCommitRequest request, CompletableFuture<OffsetCommitResponse> out) {
        short version = client.apiVersion();
        String groupId = request.groupId();
        OffsetCommitValidator validator = validateCommit(version, request);
        long now = ctx.nowMs();
        long expireAt = version <= 4 && request.retentionTimeMs() >= 0 ? now + request.retentionTimeMs() : -1;
        OffsetCommitResponse response = new OffsetCommitResponse().topics(new ArrayList<>());
        Map<TopicPartition, CommittedOffset> accepted = new LinkedHashMap<>();
        Map<TopicPartition, OffsetCommitResponsePartition> answers = new HashMap<>();
        for (OffsetCommitRequestTopic topic : request.topics()) {
            OffsetCommitResponseTopic answerTopic = new OffsetCommitResponseTopic().name(topic.name())
                    .partitions(new ArrayList<>());
            response.topics().add(answerTopic);
            for (OffsetCommitRequestPartition p : topic.partitions()) {
                OffsetCommitResponsePartition answer = new OffsetCommitResponsePartition()
                        .partitionIndex(p.partitionIndex());
                answerTopic.partitions().add(answer);
                String metadata = p.committedMetadata() == null ? "" : p.committedMetadata();
                ErrorCode error = commitError(topic.name(), p.partitionIndex(), metadata, validator);
                answer.errorCode(error.code());
                if (error == ErrorCode.NONE) {
                    TopicPartition tp = new TopicPartition(topic.name(), p.partitionIndex());
                    accepted.put(tp, new CommittedOffset(p.committedOffset(), p.committedLeaderEpoch(), metadata,
                            now, expireAt));
                    answers.put(tp, answer);
                }
            }
        }
        if (accepted.isEmpty()) {
            out.complete(response);
            return;
        }
        Map<TopicPartition, Integer> writing = inFlight.computeIfAbsent(groupId, g -> new HashMap<>());
        accepted.keySet().forEach(tp -> writing.merge(tp, 1, Integer::sum));
        ctx.write(() -> store.storeOffsets(groupId, accepted))
                .whenComplete((v, failure) -> {
                    accepted.keySet().forEach(tp -> writing.computeIfPresent(tp, (k, n) -> n > 1 ? n - 1 : null));
                    if (writing.isEmpty()) {
                        inFlight.remove(groupId, writing);
                    }
                    if (failure != null) {
                        LOG.warn("Could not store {} committed offset(s) of group {}", accepted.size(), groupId,
                                failure);
                        short code = GroupException.ofFailedWrite(failure).code();
                        answers.values().forEach(a -> a.errorCode(code));
                    } else {
                        // A simple commit to a group nobody used yet creates a group that only holds offsets.
                        ctx.registry().getOrCreate(groupId, id -> new ClassicGroup(id, now));
                        offsets.computeIfAbsent(groupId, g -> new HashMap<>()).putAll(accepted);
                    }
                    out.complete(response);
                });
    }

    /** The error of one partition of a commit (plain or transactional), or NONE. */
    ErrorCode commitError(String topic, int partition, String metadata, OffsetCommitValidator validator) {
        // As Kafka: partitions that do not exist are refused before the group looks at the commit.
        ErrorCode error = !ctx.topics().exists(topic, partition)
                ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : validator.check(topic, partition);
        if (error == ErrorCode.NONE && metadata.length() > config.metadataMaxBytes()) {
            error = ErrorCode.OFFSET_METADATA_TOO_LARGE;
        }
        return error;
    }

    private OffsetCommitValidator validateCommit(short version, OffsetCommitRequest request) {
        String groupId = request.groupId();
        if (groupId == null) {
            return OffsetCommitValidator.refuseAll(ErrorCode.INVALID_GROUP_ID);
        }
        int generation = request.generationIdOrMemberEpoch();
        Group group = ctx.registry().get(groupId);
        if (group == null) {
            if (generation >= 0) {
                // v9+ says so; older clients rejoin on ILLEGAL_GENERATION.
                return OffsetCommitValidator.refuseAll(
                        version >= 9 ? ErrorCode.GROUP_ID_NOT_FOUND : ErrorCode.ILLEGAL_GENERATION);
            }
            // Judged as the empty group a successful simple commit creates (see commit).
            group = new ClassicGroup(groupId, ctx.nowMs());
        }
        String instanceId = version >= 7 ? request.groupInstanceId() : null;
        return OffsetFence.commit(group, request.memberId(), instanceId, generation, version);
    }

    // ---- OffsetDelete ----

    public void delete(OffsetDeleteRequest request, CompletableFuture<OffsetDeleteResponse> out) {
        String groupId = request.groupId();
        Group group = groupId == null || groupId.isEmpty() ? null : ctx.registry().get(groupId);
        ErrorCode groupError = groupId == null || groupId.isEmpty() ? ErrorCode.INVALID_GROUP_ID
                : group == null ? ErrorCode.GROUP_ID_NOT_FOUND : OffsetFence.delete(group);
        if (groupError != ErrorCode.NONE) {
            out.complete(new OffsetDeleteResponse().errorCode(groupError.code()).topics(List.of()));
            return;
        }
        OffsetDeleteResponse response = new OffsetDeleteResponse().errorCode(ErrorCode.NONE.code())
                .topics(new ArrayList<>());
        List<TopicPartition> deletable = new ArrayList<>();
        List<OffsetDeleteResponsePartition> deletableAnswers = new ArrayList<>();
        for (OffsetDeleteRequestTopic topic : request.topics()) {
            OffsetDeleteResponseTopic answerTopic = new OffsetDeleteResponseTopic().name(topic.name())
                    .partitions(new ArrayList<>());
            response.topics().add(answerTopic);
            boolean subscribed = group.isSubscribedTo(topic.name());
            for (OffsetDeleteRequestPartition p : topic.partitions()) {
                OffsetDeleteResponsePartition answer = new OffsetDeleteResponsePartition()
                        .partitionIndex(p.partitionIndex());
                answerTopic.partitions().add(answer);
                if (subscribed) {
                    answer.errorCode(ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC.code());
                } else {
                    answer.errorCode(ErrorCode.NONE.code());
                    TopicPartition tp = partitionOrNull(topic.name(), p.partitionIndex());
                    if (tp != null && offsetsOf(groupId).containsKey(tp)) {
                        deletable.add(tp);
                        deletableAnswers.add(answer);
                    }
                }
            }
        }
        deleteStored(groupId, deletable).whenComplete((v, failure) -> {
            if (failure != null) {
                short code = GroupException.ofFailedWrite(failure).code();
                deletableAnswers.forEach(a -> a.errorCode(code));
            }
            out.complete(response);
        });
    }

    /** Deletes every committed offset of a group (DeleteGroups); completes on the coordinator thread. */
    public CompletableFuture<Void> deleteAll(String groupId) {
        return deleteStored(groupId, new ArrayList<>(offsetsOf(groupId).keySet()));
    }

    private CompletableFuture<Void> deleteStored(String groupId, List<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        Map<TopicPartition, CommittedOffset> deleting = new HashMap<>();
        partitions.forEach(tp -> deleting.put(tp, offsetsOf(groupId).get(tp)));
        return ctx.write(() -> store.deleteOffsets(groupId, partitions))
                .thenRun(() -> {
                    Map<TopicPartition, CommittedOffset> map = offsets.get(groupId);
                    if (map != null) {
                        // A commit that became durable after the tombstone was written stays: it is newer.
                        deleting.forEach((tp, value) -> map.remove(tp, value));
                        if (map.isEmpty()) {
                            offsets.remove(groupId);
                        }
                    }
                });
    }

    /** Deletes every group's committed offsets of the given topics (they were deleted), as Kafka does. */
    public void deleteTopics(Set<String> deletedTopics) {
        for (String groupId : groupsWithOffsets()) {
            List<TopicPartition> gone = new ArrayList<>();
            for (TopicPartition tp : offsetsOf(groupId).keySet()) {
                if (deletedTopics.contains(tp.topic())) {
                    gone.add(tp);
                }
            }
            if (!gone.isEmpty()) {
                LOG.info("Deleting {} committed offset(s) of group {}: their topic was deleted", gone.size(), groupId);
                deleteStored(groupId, gone).whenComplete((v, failure) -> {
                    if (failure != null) {
                        LOG.warn("Could not delete the offsets of deleted topics of group {}", groupId, failure);
                    }
                });
            }
        }
    }

    // ---- retention ----

    /** Deletes the group's offsets whose retention has passed; completes on the coordinator thread. */
    public CompletableFuture<Void> expire(Group group, long nowMs) {
        String groupId = group.groupId();
        List<TopicPartition> expired = new ArrayList<>();
        Map<TopicPartition, Integer> writing = inFlight.getOrDefault(groupId, Map.of());
        for (Map.Entry<TopicPartition, CommittedOffset> e : offsetsOf(groupId).entrySet()) {
            if (writing.containsKey(e.getKey())) {
                continue;
            }
            CommittedOffset offset = e.getValue();
            long base = OffsetExpiry.baseMs(group, e.getKey().topic(), offset);
            if (base < 0) {
                continue;
            }
            boolean due = offset.expireTimestampMs() >= 0 ? nowMs >= offset.expireTimestampMs()
                    : nowMs - base >= config.retentionMs();
            if (due) {
                expired.add(e.getKey());
            }
        }
        if (!expired.isEmpty()) {
            LOG.info("Expiring {} committed offset(s) of group {}", expired.size(), groupId);
        }
        return deleteStored(groupId, expired);
    }
}
