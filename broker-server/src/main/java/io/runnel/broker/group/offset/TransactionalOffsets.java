package io.runnel.broker.group.offset;

import io.runnel.broker.group.classic.ClassicGroup;
import io.runnel.broker.group.core.CoordinatorContext;
import io.runnel.broker.group.core.Group;
import io.runnel.broker.group.core.GroupException;
import io.runnel.broker.topic.TopicPartition;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.TxnOffsetCommitRequest;
import io.runnel.protocol.message.TxnOffsetCommitRequest.TxnOffsetCommitRequestPartition;
import io.runnel.protocol.message.TxnOffsetCommitRequest.TxnOffsetCommitRequestTopic;
import io.runnel.protocol.message.TxnOffsetCommitResponse;
import io.runnel.protocol.message.TxnOffsetCommitResponse.TxnOffsetCommitResponsePartition;
import io.runnel.protocol.message.TxnOffsetCommitResponse.TxnOffsetCommitResponseTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Offsets committed inside a transaction (TxnOffsetCommit, KIP-98 / KIP-447): stored at once as a transactional
 * batch of the producer, but pending: OffsetFetch does not see them (with {@code require_stable} it answers
 * UNSTABLE_OFFSET_COMMIT for their partitions) until the transaction commits, when the marker written to the group's
 * partition makes them committed offsets; an abort drops them. A member's commit is fenced as an OffsetCommit is
 * (generation or member epoch, member id, instance); a commit without any of them is accepted, as Kafka does for
 * producers that send no group metadata.
 *
 * <p>Thread rule: the coordinator thread only.
 */
public final class TransactionalOffsets {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionalOffsets.class);
    /** The OffsetCommit version whose fences TxnOffsetCommit v3+ follows (member epochs included). */
    private static final short FENCE_AS_OFFSET_COMMIT_VERSION = 9;

    private final CoordinatorContext ctx;
    private final OffsetStore store;
    private final OffsetManager offsets;
    /** Producer id → group → partition → the offset its open transaction commits there (durable). */
    private final Map<Long, Map<String, Map<TopicPartition, CommittedOffset>>> pending = new HashMap<>();

    public TransactionalOffsets(CoordinatorContext ctx, OffsetStore store, OffsetManager offsets) {
        this.ctx = ctx;
        this.store = store;
        this.offsets = offsets;
    }

    /** Takes over the pending commits found at start-up. */
    public void load(Map<Long, Map<String, Map<TopicPartition, CommittedOffset>>> stored) {
        stored.forEach((producer, groups) -> groups.forEach((group, map) -> pending
                .computeIfAbsent(producer, p -> new HashMap<>()).computeIfAbsent(group, g -> new HashMap<>())
                .putAll(map)));
    }

    /** Whether a transaction has an offset of {@code groupId} for {@code partition} pending. */
    public boolean isPending(String groupId, TopicPartition partition) {
        for (Map<String, Map<TopicPartition, CommittedOffset>> groups : pending.values()) {
            Map<TopicPartition, CommittedOffset> map = groups.get(groupId);
            if (map != null && map.containsKey(partition)) {
                return true;
            }
        }
        return false;
    }

    /** TxnOffsetCommit: stores the offsets as pending; answered once durable. */
    public void commit(short version, TxnOffsetCommitRequest request, CompletableFuture<TxnOffsetCommitResponse> out) {
        String groupId = request.groupId();
        OffsetCommitValidator validator = validate(version, request);
        long now = ctx.nowMs();
        TxnOffsetCommitResponse response = new TxnOffsetCommitResponse().topics(new ArrayList<>());
        Map<TopicPartition, CommittedOffset> accepted = new LinkedHashMap<>();
        List<TxnOffsetCommitResponsePartition> acceptedAnswers = new ArrayList<>();
        for (TxnOffsetCommitRequestTopic topic : request.topics()) {
            TxnOffsetCommitResponseTopic answerTopic = new TxnOffsetCommitResponseTopic().name(topic.name())
                    .partitions(new ArrayList<>());
            response.topics().add(answerTopic);
            for (TxnOffsetCommitRequestPartition p : topic.partitions()) {
                TxnOffsetCommitResponsePartition answer = new TxnOffsetCommitResponsePartition()
                        .partitionIndex(p.partitionIndex());
                answerTopic.partitions().add(answer);
                String metadata = p.committedMetadata() == null ? "" : p.committedMetadata();
                ErrorCode error = offsets.commitError(topic.name(), p.partitionIndex(), metadata, validator);
                answer.errorCode(error.code());
                if (error == ErrorCode.NONE) {
                    accepted.put(new TopicPartition(topic.name(), p.partitionIndex()), new CommittedOffset(
                            p.committedOffset(), p.committedLeaderEpoch(), metadata, now, -1));
                    acceptedAnswers.add(answer);
                }
            }
        }
        if (accepted.isEmpty()) {
            out.complete(response);
            return;
        }
        long producerId = request.producerId();
        ctx.write(() -> store.storeTransactionalOffsets(groupId, producerId, request.producerEpoch(), accepted))
                .whenComplete((v, failure) -> {
                    if (failure != null) {
                        LOG.warn("Could not store {} transactional offset(s) of group {}", accepted.size(), groupId,
                                failure);
                        short code = GroupException.ofFailedWrite(failure).code();
                        acceptedAnswers.forEach(a -> a.errorCode(code));
                    } else {
                        pending.computeIfAbsent(producerId, p -> new HashMap<>())
                                .computeIfAbsent(groupId, g -> new HashMap<>()).putAll(accepted);
                    }
                    out.complete(response);
                });
    }

    private OffsetCommitValidator validate(short version, TxnOffsetCommitRequest request) {
        String groupId = request.groupId();
        if (groupId == null || groupId.isEmpty()) {
            return OffsetCommitValidator.refuseAll(ErrorCode.INVALID_GROUP_ID);
        }
        String memberId = version >= 3 ? request.memberId() : "";
        String instanceId = version >= 3 ? request.groupInstanceId() : null;
        int generation = version >= 3 ? request.generationIdOrMemberEpoch() : -1;
        if (generation < 0 && (memberId == null || memberId.isEmpty()) && instanceId == null) {
            return OffsetCommitValidator.ACCEPT_ALL;
        }
        Group group = ctx.registry().get(groupId);
        if (group == null) {
            return OffsetCommitValidator.refuseAll(ErrorCode.ILLEGAL_GENERATION);
        }
        return OffsetFence.commit(group, memberId, instanceId, generation, FENCE_AS_OFFSET_COMMIT_VERSION);
    }

    /**
     * The transaction of {@code producerId} ended: writes its marker into store partition {@code partition} and,
     * once durable, makes the pending offsets of that partition's groups committed (commit) or drops them (abort).
     * Completes on the coordinator thread once the marker is durable.
     */
    public CompletableFuture<Void> complete(int partition, long producerId, short producerEpoch, boolean commit) {
        return ctx.write(() -> store.writeTransactionMarker(partition, producerId, producerEpoch, commit))
                .thenRun(() -> {
                    Map<String, Map<TopicPartition, CommittedOffset>> groups = pending.get(producerId);
                    if (groups == null) {
                        return;
                    }
                    Iterator<Map.Entry<String, Map<TopicPartition, CommittedOffset>>> it = groups.entrySet().iterator();
                    while (it.hasNext()) {
                        Map.Entry<String, Map<TopicPartition, CommittedOffset>> e = it.next();
                        if (store.partitionOf(e.getKey()) != partition) {
                            continue;
                        }
                        if (commit) {
                            ctx.registry().getOrCreate(e.getKey(), id -> new ClassicGroup(id, ctx.nowMs()));
                            offsets.applyCommitted(e.getKey(), e.getValue());
                        }
                        it.remove();
                    }
                    if (groups.isEmpty()) {
                        pending.remove(producerId);
                    }
                });
    }
}
