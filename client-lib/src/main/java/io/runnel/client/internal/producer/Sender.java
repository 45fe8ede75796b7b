package io.runnel.client.internal.producer;

import io.netty.channel.EventLoop;
import io.runnel.client.Acks;
import io.runnel.client.RunnelException;
import io.runnel.client.RunnelTimeoutException;
import io.runnel.client.internal.metadata.ClusterSnapshot;
import io.runnel.client.internal.metadata.MetadataManager;
import io.runnel.client.internal.net.ClientNetwork;
import io.runnel.protocol.message.ProduceRequest;
import io.runnel.protocol.message.ProduceResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Moves ready batches from the {@link RecordAccumulator} to the brokers: per run, it learns partition counts from
 * the latest metadata, asks for the metadata of topics whose records wait, expires what outlived the delivery
 * timeout, makes sure the idempotent producer has an id (or a bumped epoch), then drains each partition's ready
 * head batch into one Produce request per leader node, at most {@code maxInFlight} requests per node. Answers go
 * to {@link ProduceOutcomes}, which completes, retries or fails each batch.
 *
 * <p>Threads: everything here runs on the client network's event loop. {@link #wakeup()} may be called from any
 * thread; it coalesces into one run. Runs are also scheduled for the earliest linger, backoff or expiry deadline.
 * Nothing here blocks: sealing (compression) of a batch that linger closed is the only sizeable work done here.
 */
public final class Sender {
    /** How often expiry of records waiting for metadata is checked while there are any. */
    private static final long PENDING_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** How long past the request timeout a request without any answer is given up on. */
    private static final long UNANSWERED_GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);

    private final ProducerSettings settings;
    private final RecordAccumulator accumulator;
    private final ClientNetwork network;
    private final MetadataManager metadata;
    private final EventLoop loop;
    private final LongSupplier nanoClock;
    private final ProduceOutcomes outcomes;
    private final IdempotenceDriver idempotence;
    private final AtomicBoolean wakeupQueued = new AtomicBoolean();
    private final long deliveryTimeoutNanos;

    // Event loop state.
    private final Map<Integer, int[]> requestsInFlight = new HashMap<>();
    private final Map<Integer, List<PartitionQueue>> readyByNode = new HashMap<>();
    private final List<ProducerBatch> expiredBatches = new ArrayList<>();
    private final List<PendingRecord> expiredPending = new ArrayList<>();
    private final List<PendingRecord> unplaceable = new ArrayList<>();
    private final List<String> metadataWanted = new ArrayList<>();
    /** Produce requests sent and not answered, oldest first. */
    private final ArrayDeque<InFlightRequest> inFlight = new ArrayDeque<>();
    private ClusterSnapshot lastSnapshot;
    private long timerDeadline = Long.MAX_VALUE;
    private boolean stopped;
    private boolean metadataStale;

    /** A sender for one producer; nothing runs before the first {@link #wakeup()}. */
    public Sender(ProducerSettings settings, RecordAccumulator accumulator, ClientNetwork network,
                  MetadataManager metadata, CallbackRunner callbacks, LongSupplier nanoClock) {
        this.settings = settings;
        this.accumulator = accumulator;
        this.network = network;
        this.metadata = metadata;
        this.loop = network.eventLoop();
        this.nanoClock = nanoClock;
        this.deliveryTimeoutNanos = settings.deliveryTimeout().toNanos();
        this.idempotence = settings.idempotent()
                ? new IdempotenceDriver(network, settings.retryBackoff(), accumulator, this::wakeup)
                : null;
        this.outcomes = new ProduceOutcomes(settings, accumulator, () -> metadataStale = true, callbacks, idempotence,
                nanoClock);
    }

    /** Asks for a run soon. Any thread; cheap when a run is already queued. */
    public void wakeup() {
        if (wakeupQueued.compareAndSet(false, true)) {
            loop.execute(this::run);
        }
    }

    /** The error that stopped the idempotent producer for good, or null. Any thread. */
    public RuntimeException fatalError() {
        return idempotence == null ? null : idempotence.fatalError();
    }

    /**
     * Fails every batch and record still waiting or in flight with {@code cause}, after the network closed (so
     * that no answer can race it). Called once, from the closing thread, after the event loop stopped.
     */
    public void abandon(RunnelException cause) {
        stopped = true;
        List<ProducerBatch> batches = new ArrayList<>();
        for (InFlightRequest request : inFlight) {
            batches.addAll(request.batches);
        }
        inFlight.clear();
        List<PendingRecord> pending = new ArrayList<>();
        accumulator.abortAll(batches, pending);
        for (ProducerBatch batch : batches) {
            outcomes.fail(batch, cause);
        }
        for (PendingRecord record : pending) {
            outcomes.fail(record, cause);
        }
    }

    private void run() {
        wakeupQueued.set(false);
        if (stopped) {
            return;
        }
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.error("Producer {}: a sender run failed; retrying after the backoff", settings.clientId(), e);
            loop.schedule(this::wakeup, settings.retryBackoff().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void runOnce() {
        long now = nanoClock.getAsLong();
        long next = now + deliveryTimeoutNanos;
        if (metadataStale) {
            metadataStale = false;
            metadata.requestUpdate();
        }
        ClusterSnapshot snapshot = metadata.current();
        // Records may wait for a topic the current snapshot already knows (it arrived before they did).
        if (snapshot != lastSnapshot || accumulator.hasPending()) {
            lastSnapshot = snapshot;
            learnPartitionCounts(snapshot);
        }
        askForMetadata();
        expire(now);
        expireUnanswered(now);
        if (idempotence != null && !idempotence.readyToSend(inFlight.isEmpty())) {
            if (idempotence.fatalError() != null) {
                failAllWaiting(idempotence.fatalError());
            }
            // Its answer wakes the sender; this run only keeps expiry going meanwhile.
            schedule(Math.min(next, now + settings.retryBackoff().toNanos()), now);
            return;
        }
        next = Math.min(next, collectReady(snapshot, now));
        for (Map.Entry<Integer, List<PartitionQueue>> entry : readyByNode.entrySet()) {
            List<PartitionQueue> queues = entry.getValue();
            if (!queues.isEmpty()) {
                int node = entry.getKey();
                int[] count = requestsInFlight.computeIfAbsent(node, n -> new int[1]);
                if (count[0] < settings.maxInFlight()) {
                    sendTo(node, queues, count);
                }
                queues.clear();
            }
        }
        if (accumulator.hasPending()) {
            next = Math.min(next, now + PENDING_CHECK_NANOS);
        }
        if (!inFlight.isEmpty()) {
            next = Math.min(next, inFlight.peekFirst().sentNanos + settings.requestTimeout().toNanos()
                    + UNANSWERED_GRACE_NANOS + 1);
        }
        schedule(next, now);
    }

    /** Publishes new partition counts to the accumulator (moving records that waited for them into batches). */
    private void learnPartitionCounts(ClusterSnapshot snapshot) {
        for (TopicQueues topic : accumulator.topics()) {
            int count = snapshot.partitionCount(topic.topic());
            if (count > topic.partitionCount()) {
                accumulator.updatePartitionCount(topic, count, unplaceable);
            }
        }
        for (PendingRecord record : unplaceable) {
            outcomes.failUnplaceable(record);
        }
        unplaceable.clear();
    }

    private void askForMetadata() {
        accumulator.takeMetadataRequests(metadataWanted);
        for (String topic : metadataWanted) {
            metadata.awaitTopic(topic, settings.deliveryTimeout()).whenComplete((snapshot, error) -> {
                if (error != null) {
                    outcomes.metadataFailed(topic, error);
                    loop.schedule(() -> {
                        accumulator.metadataRequestFailed(topic);
                        wakeup();
                    }, settings.retryBackoff().toMillis(), TimeUnit.MILLISECONDS);
                } else {
                    wakeup();
                }
            });
        }
        metadataWanted.clear();
    }

    private void expire(long now) {
        accumulator.expire(now, expiredBatches, expiredPending);
        for (ProducerBatch batch : expiredBatches) {
            if (batch.baseSequence() >= 0 && idempotence != null) {
                // It was sent before: the broker may have it, so later sequences of this epoch are in doubt.
                idempotence.bumpNeeded();
            }
            outcomes.fail(batch, outcomes.expired(batch.recordCount(), batch.queue().toString(),
                    now - batch.createdNanos()));
        }
        if (!expiredPending.isEmpty()) {
            String why = metadata.current().nodes().isEmpty()
                    ? " (no broker of " + settings.bootstrap() + " answered)"
                    : " (its partitions are still unknown)";
            for (PendingRecord record : expiredPending) {
                outcomes.fail(record, outcomes.expired(1, "topic " + record.record().topic() + why,
                        now - record.createdNanos()));
            }
        }
        expiredBatches.clear();
        expiredPending.clear();
    }

    private void failAllWaiting(RuntimeException cause) {
        List<ProducerBatch> batches = new ArrayList<>();
        List<PendingRecord> pending = new ArrayList<>();
        accumulator.abortAll(batches, pending);
        RunnelException failure = cause instanceof RunnelException re ? re
                : new RunnelException("the idempotent producer cannot send: " + cause.getMessage(), cause);
        for (ProducerBatch batch : batches) {
            outcomes.fail(batch, failure);
        }
        for (PendingRecord record : pending) {
            outcomes.fail(record, failure);
        }
    }

    /** Groups the partitions whose head batch may be sent now by leader node; returns the next deadline. */
    private long collectReady(ClusterSnapshot snapshot, long now) {
        long next = Long.MAX_VALUE;
        boolean unknownLeader = false;
        for (TopicQueues topic : accumulator.topics()) {
            for (PartitionQueue queue : topic.partitions()) {
                long readyAt = accumulator.readyAt(queue, now);
                if (readyAt == RecordAccumulator.NEVER) {
                    continue;
                }
                ProducerBatch head = queue.peekFirst();
                if (head != null) {
                    next = Math.min(next, head.createdNanos() + deliveryTimeoutNanos);
                }
                if (readyAt - now > 0) {
                    next = Math.min(next, readyAt);
                    continue;
                }
                int leader = snapshot.leaderOf(queue.topicPartition());
                if (leader < 0) {
                    unknownLeader = true;
                    continue;
                }
                if (idempotence != null && head != null
                        && !queue.sequence().maySend(head.baseSequence() >= 0, settings.maxInFlight())) {
                    continue;
                }
                readyByNode.computeIfAbsent(leader, n -> new ArrayList<>()).add(queue);
            }
        }
        if (unknownLeader) {
            metadataStale = true;
            next = Math.min(next, now + settings.retryBackoff().toNanos());
        }
        return next;
    }

    /** Drains one head batch per ready partition into a Produce request to {@code node} and sends it. */
    private void sendTo(int node, List<PartitionQueue> queues, int[] inFlightCount) {
        List<ProducerBatch> batches = new ArrayList<>(queues.size());
        Map<String, ProduceRequest.TopicProduceData> byTopic = new HashMap<>();
        List<ProduceRequest.TopicProduceData> topicData = new ArrayList<>();
        int size = 0;
        for (PartitionQueue queue : queues) {
            ProducerBatch head = queue.peekFirst();
            if (head == null || !accumulator.take(queue, head)) {
                continue;
            }
            int batchSize = head.wire().readableBytes();
            if (!batches.isEmpty() && size + batchSize > settings.maxRequestSize()) {
                queue.reenqueue(head);
                continue;
            }
            size += batchSize;
            if (idempotence != null) {
                int sequence = head.baseSequence() >= 0 ? head.baseSequence()
                        : queue.sequence().assign(head.recordCount());
                head.stamp(idempotence.producerId(), idempotence.epoch(), sequence);
                queue.sequence().sent();
            }
            head.onSend();
            batches.add(head);
            ProduceRequest.TopicProduceData data = byTopic.get(queue.topic());
            if (data == null) {
                data = new ProduceRequest.TopicProduceData().name(queue.topic()).partitionData(new ArrayList<>());
                byTopic.put(queue.topic(), data);
                topicData.add(data);
            }
            data.partitionData().add(new ProduceRequest.PartitionProduceData().index(queue.partition())
                    .records(head.wire()));
        }
        if (batches.isEmpty()) {
            return;
        }
        ProduceRequest request = new ProduceRequest().acks(settings.acks().wireValue())
                .timeoutMs((int) Math.min(Integer.MAX_VALUE, settings.requestTimeout().toMillis()))
                .topicData(topicData);
        inFlightCount[0]++;
        InFlightRequest sent = new InFlightRequest(node, batches, nanoClock.getAsLong());
        inFlight.addLast(sent);
        if (settings.acks() == Acks.NONE) {
            network.sendNoResponse(node, request, ProduceRequest.HIGHEST_VERSION).whenComplete((ignored, error) ->
                    afterAnswer(sent, () -> outcomes.onWritten(batches, error)));
        } else {
            network.<ProduceResponse>send(node, request, ProduceRequest.HIGHEST_VERSION).whenComplete(
                    (response, error) -> afterAnswer(sent, () -> outcomes.onAnswer(batches, response, error)));
        }
    }

    /**
     * Books the answer of a request and lets {@code handling} decide each batch's fate; an answer that comes after
     * {@link #expireUnanswered} gave up on the request is ignored. A bug in {@code handling} must not leave batches
     * nobody owns (their futures would never complete): it is logged and the batches fail.
     */
    private void afterAnswer(InFlightRequest request, Runnable handling) {
        if (request.answered) {
            return;
        }
        request.answered = true;
        inFlight.remove(request);
        requestsInFlight.get(request.node)[0]--;
        int node = request.node;
        List<ProducerBatch> batches = request.batches;
        try {
            handling.run();
        } catch (RuntimeException e) {
            LOG.error("Producer {}: handling the answer to a Produce request to node {} failed", settings.clientId(),
                    node, e);
            RunnelException cause = new RunnelException("the producer failed to handle the broker's answer: " + e, e);
            for (ProducerBatch batch : batches) {
                outcomes.fail(batch, cause);
            }
        }
        wakeup();
    }

    /**
     * The network layer fails every request within its timeout; should an answer still never come (a bug there),
     * the batches are treated as timed out well after that, so that they are retried or expire instead of hanging.
     */
    private void expireUnanswered(long now) {
        long limit = settings.requestTimeout().toNanos() + UNANSWERED_GRACE_NANOS;
        while (!inFlight.isEmpty() && now - inFlight.peekFirst().sentNanos > limit) {
            InFlightRequest request = inFlight.peekFirst();
            LOG.warn("Producer {}: no answer and no failure for a Produce request to node {} after {} ms; "
                    + "retrying its batches", settings.clientId(), request.node,
                    TimeUnit.NANOSECONDS.toMillis(now - request.sentNanos));
            afterAnswer(request, () -> outcomes.onAnswer(request.batches, null, new RunnelTimeoutException(
                    "Produce request to node " + request.node + " got no answer within the request timeout")));
        }
    }

    /** A Produce request on its way; sender thread only. */
    private static final class InFlightRequest {
        final int node;
        final List<ProducerBatch> batches;
        final long sentNanos;
        boolean answered;

        InFlightRequest(int node, List<ProducerBatch> batches, long sentNanos) {
            this.node = node;
            this.batches = batches;
            this.sentNanos = sentNanos;
        }
    }

    private void schedule(long deadline, long now) {
        if (deadline == Long.MAX_VALUE || deadline - timerDeadline >= 0) {
            return;
        }
        timerDeadline = deadline;
        long delay = Math.max(0, deadline - now);
        loop.schedule(() -> {
            if (timerDeadline == deadline) {
                timerDeadline = Long.MAX_VALUE;
            }
            wakeupQueued.set(true);
            run();
        }, delay, TimeUnit.NANOSECONDS);
    }
}
