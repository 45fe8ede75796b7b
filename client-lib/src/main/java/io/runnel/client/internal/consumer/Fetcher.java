package io.runnel.client.internal.consumer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.runnel.client.ApiErrorException;
import io.runnel.client.OffsetReset;
import io.runnel.client.RunnelException;
import io.runnel.client.TopicPartition;
import io.runnel.client.internal.compression.Codecs;
import io.runnel.client.internal.metadata.ClusterSnapshot;
import io.runnel.client.internal.metadata.MetadataManager;
import io.runnel.client.internal.net.ClientNetwork;
import io.runnel.client.internal.net.ResponseFrame;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.FetchRequest;
import io.runnel.protocol.message.FetchResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Reads ahead for the polling thread, on the client's event loop: finds each new partition's start (committed offset
 * through OffsetFetch, else ListOffsets by the reset policy), then keeps one long-polling Fetch in flight per leader
 * for every partition that has a position, is not paused and has nothing buffered. Data goes to the
 * {@link FetchBuffer} as {@link CompletedFetch}es that keep a reference to the response frame (no copy); a
 * partition is fetched again as soon as the polling thread has used up its data, so the next fetch runs while the
 * application works on the last one.
 *
 * <p>Errors: OFFSET_OUT_OF_RANGE goes to the reset policy; leadership and unknown-partition errors refresh metadata
 * and retry; other partition errors are kept for the next poll to throw. Event loop only, except {@link #wake()}
 * and {@link #takeError()}.
 */
final class Fetcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Fetcher.class);
    private static final long TICK_MS = 50;
    /** Topic names in the request: versions 13+ name topics by id. */
    private static final short MAX_FETCH_VERSION = 12;

    private final ClientNetwork network;
    private final EventLoop loop;
    private final MetadataManager metadata;
    private final FetchPositions positions;
    private final FetchBuffer buffer;
    private final OffsetClient offsets;
    private final CoordinatorLookup coordinator;
    private final FetchSettings settings;
    private final LongSupplier clock;
    private final RetryBackoff backoff;
    private final ScheduledFuture<?> ticker;

    private final Set<Integer> nodesFetching = new HashSet<>();
    private final Set<TopicPartition> resetting = new HashSet<>();
    private boolean committedInFlight;
    private long retryAt;
    private volatile RunnelException error;
    private boolean closed;

    /** The consumer's fetch limits, as Kafka names them. */
    record FetchSettings(int minBytes, int maxBytes, int maxWaitMs, int partitionMaxBytes, long retryBackoffMs) {
    }

    /** @param groupId the group whose committed offsets start new partitions, or null for none */
    Fetcher(ClientNetwork network, MetadataManager metadata, FetchPositions positions, FetchBuffer buffer,
            String groupId, FetchSettings settings, LongSupplier clock) {
        this.network = network;
        this.loop = network.eventLoop();
        this.metadata = metadata;
        this.positions = positions;
        this.buffer = buffer;
        this.offsets = new OffsetClient(network, groupId);
        this.coordinator = groupId == null ? null : new CoordinatorLookup(network, metadata, groupId, clock,
                settings.retryBackoffMs());
        this.settings = settings;
        this.clock = clock;
        this.backoff = new RetryBackoff(settings.retryBackoffMs(), 1_000);
        this.ticker = loop.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    /** Look for work now (a buffer was used up, a position was set). Any thread. */
    void wake() {
        loop.execute(this::tick);
    }

    /** The error a fetch or offset lookup ran into since the last call, or null; clears it. Any thread. */
    RunnelException takeError() {
        RunnelException e = error;
        error = null;
        return e;
    }

    private void tick() {
        if (closed) {
            return;
        }
        long now = clock.getAsLong();
        if (now >= retryAt) {
            lookUpCommitted();
            lookUpResets();
        }
        fetch();
    }

    private void lookUpCommitted() {
        List<TopicPartition> need = positions.needingCommitted();
        if (need.isEmpty() || committedInFlight || coordinator == null) {
            return;
        }
        int node = coordinator.coordinator(this::tick);
        if (node < 0) {
            return;
        }
        committedInFlight = true;
        offsets.committed(node, need).whenComplete((committed, failure) -> {
            committedInFlight = false;
            if (failure != null) {
                failed(failure, "look up committed offsets");
                coordinator.invalidate();
            } else {
                backoff.succeeded();
                committed.forEach(positions::committedFetched);
                buffer.signal();
            }
            tick();
        });
    }

    private void lookUpResets() {
        Map<TopicPartition, OffsetReset> resets = positions.needingReset();
        resets.keySet().removeAll(resetting);
        if (resets.isEmpty()) {
            return;
        }
        ClusterSnapshot snapshot = metadata.current();
        Map<Integer, Map<TopicPartition, OffsetReset>> byLeader = new HashMap<>();
        resets.forEach((tp, strategy) -> {
            int leader = snapshot.leaderOf(tp);
            if (leader < 0) {
                metadata.track(List.of(tp.topic()));
                metadata.requestUpdate();
            } else {
                byLeader.computeIfAbsent(leader, n -> new LinkedHashMap<>()).put(tp, strategy);
            }
        });
        byLeader.forEach((leader, request) -> {
            resetting.addAll(request.keySet());
            offsets.listOffsets(leader, request).whenComplete((found, failure) -> {
                resetting.removeAll(request.keySet());
                if (failure != null) {
                    failed(failure, "look up offsets to reset " + request.keySet());
                } else {
                    found.forEach((tp, offset) -> positions.resetDone(tp, request.get(tp), offset));
                    if (found.size() < request.size()) {
                        metadata.requestUpdate();
                    }
                    buffer.signal();
                }
                tick();
            });
        });
    }

    private void fetch() {
        Map<TopicPartition, Long> fetchable = positions.startFetches();
        if (fetchable.isEmpty()) {
            return;
        }
        ClusterSnapshot snapshot = metadata.current();
        Map<Integer, Map<TopicPartition, Long>> byLeader = new HashMap<>();
        fetchable.forEach((tp, offset) -> {
            int leader = snapshot.leaderOf(tp);
            if (leader < 0 || nodesFetching.contains(leader)) {
                if (leader < 0) {
                    metadata.track(List.of(tp.topic()));
                    metadata.requestUpdate();
                }
                positions.fetchEnded(tp);
            } else {
                byLeader.computeIfAbsent(leader, n -> new LinkedHashMap<>()).put(tp, offset);
            }
        });
        byLeader.forEach(this::send);
    }

    private void send(int node, Map<TopicPartition, Long> partitions) {
        Map<String, List<FetchRequest.FetchPartition>> byTopic = new LinkedHashMap<>();
        partitions.forEach((tp, offset) -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(
                new FetchRequest.FetchPartition().partition(tp.partition()).fetchOffset(offset)
                        .partitionMaxBytes(settings.partitionMaxBytes())));
        List<FetchRequest.FetchTopic> topics = new ArrayList<>(byTopic.size());
        byTopic.forEach((name, list) -> topics.add(new FetchRequest.FetchTopic().topic(name).partitions(list)));
        FetchRequest request = new FetchRequest().maxWaitMs(settings.maxWaitMs()).minBytes(settings.minBytes())
                .maxBytes(settings.maxBytes()).sessionEpoch(-1).topics(topics).forgottenTopicsData(List.of())
                .rackId("");
        nodesFetching.add(node);
        long timeout = settings.maxWaitMs() + network.config().requestTimeout().toMillis();
        network.<FetchResponse>sendRetained(node, request, MAX_FETCH_VERSION, timeout)
                .whenComplete((frame, failure) -> {
                    nodesFetching.remove(node);
                    if (failure != null) {
                        partitions.keySet().forEach(positions::fetchEnded);
                        failed(failure, "fetch from node " + node);
                    } else {
                        try (ResponseFrame<FetchResponse> owned = frame) {
                            handle(owned.message(), partitions);
                        }
                    }
                    tick();
                });
    }

    private void handle(FetchResponse response, Map<TopicPartition, Long> requested) {
        ErrorCode top = ErrorCode.forCode(response.errorCode());
        if (top != ErrorCode.NONE) {
            requested.keySet().forEach(positions::fetchEnded);
            failed(ApiErrorException.of(top, "fetch"), "fetch");
            return;
        }
        Set<TopicPartition> answered = new HashSet<>();
        for (FetchResponse.FetchableTopicResponse topic : response.responses()) {
            for (FetchResponse.PartitionData p : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.topic(), p.partitionIndex());
                Long offset = requested.get(tp);
                if (offset == null) {
                    continue;
                }
                answered.add(tp);
                partition(tp, offset, p);
            }
        }
        for (TopicPartition tp : requested.keySet()) {
            if (!answered.contains(tp)) {
                positions.fetchEnded(tp);
            }
        }
    }

    private void partition(TopicPartition tp, long offset, FetchResponse.PartitionData p) {
        ErrorCode code = ErrorCode.forCode(p.errorCode());
        switch (code) {
            case NONE -> {
                ByteBuf records = p.records();
                if (records == null || !records.isReadable()) {
                    positions.fetchEnded(tp);
                } else if (positions.acceptFetch(tp, offset, p.highWatermark())) {
                    buffer.add(new CompletedFetch(tp, records.retain(), offset, p.highWatermark(),
                            ByteBufAllocator.DEFAULT, Codecs::forId));
                }
            }
            case OFFSET_OUT_OF_RANGE -> {
                positions.fetchEnded(tp);
                positions.outOfRange(tp, offset);
                buffer.signal();
            }
            case NOT_LEADER_OR_FOLLOWER, UNKNOWN_TOPIC_OR_PARTITION, LEADER_NOT_AVAILABLE, FENCED_LEADER_EPOCH,
                 UNKNOWN_LEADER_EPOCH, OFFSET_NOT_AVAILABLE, KAFKA_STORAGE_ERROR, UNKNOWN_TOPIC_ID,
                 REPLICA_NOT_AVAILABLE -> {
                positions.fetchEnded(tp);
                metadata.requestUpdate();
            }
            default -> {
                positions.fetchEnded(tp);
                failed(ApiErrorException.of(code, "fetch " + tp + " at offset " + offset), "fetch " + tp);
            }
        }
    }

    /** Retriable failures back off and retry; others are kept for the next poll to throw. */
    private void failed(Throwable failure, String what) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        retryAt = clock.getAsLong() + backoff.failed();
        if (cause instanceof RunnelException e && !e.isRetriable()) {
            error = e;
            buffer.signal();
        } else if (!(cause instanceof RunnelException)) {
            error = new RunnelException(what + " failed", cause);
            buffer.signal();
        } else {
            LOG.debug("{} failed, retrying", what, cause);
        }
    }

    /** Stops fetching; fetches still in flight are released when they arrive (the buffer is closed). */
    @Override
    public void close() {
        ticker.cancel(false);
        loop.execute(() -> closed = true);
    }
}
