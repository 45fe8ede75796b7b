package io.runnel.client.internal.metadata;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.runnel.client.ApiErrorException;
import io.runnel.client.RunnelException;
import io.runnel.client.UnknownTopicException;
import io.runnel.client.internal.net.ClientNetwork;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.MetadataRequest;
import io.runnel.protocol.message.MetadataResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a {@link ClusterSnapshot} fresh for one client: it asks for the topics the client {@link #track}s, every
 * {@code maxAge} (Kafka's {@code metadata.max.age.ms}, 5 minutes by default), when asked to ({@link #refresh},
 * {@link #requestUpdate} after a NOT_LEADER_OR_FOLLOWER or UNKNOWN_TOPIC_OR_PARTITION), and for callers waiting for a
 * topic. Each new snapshot's brokers go to the {@link ClientNetwork}, so their connections use the addresses
 * Metadata returned.
 *
 * <p>At most one Metadata request is in flight. A refresh asked for while one is in flight shares it when it asks
 * for the same topics, or shares the single follow-up request that goes out when it completes; so any number of
 * concurrent callers cause at most two requests. {@link #requestUpdate} waits {@code retryBackoff} after the
 * previous request started, so a storm of errors does not become a storm of requests.
 *
 * <p>Thread rules: {@link #current()} may be called from any thread (a volatile read). Every other method may too,
 * but does its work on the network's event loop, where all mutable state lives; the futures complete there.
 */
public final class MetadataManager implements AutoCloseable {
    private final ClientNetwork network;
    private final EventLoop loop;
    private final long retryBackoffNanos;
    private final long topicWaitMs;
    private final boolean allowAutoTopicCreation;
    private final ScheduledFuture<?> intervalRefresh;

    private volatile ClusterSnapshot snapshot = ClusterSnapshot.empty();

    // Event loop state.
    private final Set<String> tracked = new LinkedHashSet<>();
    private int trackedVersion;
    private final List<TopicWaiter> waiters = new ArrayList<>();
    private Refresh inFlight;
    private Refresh next;
    private long lastStartNanos;
    private boolean updateScheduled;
    private boolean closed;

    /**
     * @param maxAge                 interval of the background refresh
     * @param retryBackoff           least time between a request and one asked for by {@link #requestUpdate}
     * @param topicWait              how long {@link #awaitTopic(String)} waits for a topic to appear
     * @param allowAutoTopicCreation whether Metadata may create the topics it asks for (a producer's choice); when
     *                               false, a topic the broker reports unknown fails its waiters at once
     */
    public MetadataManager(ClientNetwork network, Duration maxAge, Duration retryBackoff, Duration topicWait,
                           boolean allowAutoTopicCreation) {
        this.network = network;
        this.loop = network.eventLoop();
        this.retryBackoffNanos = retryBackoff.toNanos();
        this.topicWaitMs = topicWait.toMillis();
        this.allowAutoTopicCreation = allowAutoTopicCreation;
        long ageMs = Math.max(1, maxAge.toMillis());
        this.intervalRefresh = loop.scheduleAtFixedRate(this::refreshOnLoop, ageMs, ageMs, TimeUnit.MILLISECONDS);
    }

    /** The latest snapshot; {@link ClusterSnapshot#empty()} before the first response. Any thread. */
    public ClusterSnapshot current() {
        return snapshot;
    }

    /**
     * Refreshes the tracked topics (and the broker list). Shares a request already in flight for the same topics.
     *
     * @return the new snapshot; fails with the request's exception
     */
    public CompletableFuture<ClusterSnapshot> refresh() {
        return onLoop(this::refreshOnLoop);
    }

    /** Refreshes every topic in the cluster (for pattern subscriptions and topic listings). */
    public CompletableFuture<ClusterSnapshot> refreshAllTopics() {
        return onLoop(() -> request(true));
    }

    /** Asks for a refresh soon, at most once per retry backoff; for callers that saw stale-metadata errors. */
    public void requestUpdate() {
        execute(this::scheduleUpdate);
    }

    /** Adds topics this client needs; new ones trigger a refresh. */
    public void track(Collection<String> topics) {
        List<String> copy = List.copyOf(topics);
        execute(() -> {
            if (tracked.addAll(copy)) {
                trackedVersion++;
                scheduleUpdate();
            }
        });
    }

    /** Stops refreshing topics the client no longer needs. */
    public void untrack(Collection<String> topics) {
        List<String> copy = List.copyOf(topics);
        execute(() -> {
            if (tracked.removeAll(copy)) {
                trackedVersion++;
            }
        });
    }

    /** As {@link #awaitTopic(String, Duration)} with the configured topic wait. */
    public CompletableFuture<ClusterSnapshot> awaitTopic(String topic) {
        return awaitTopic(topic, Duration.ofMillis(topicWaitMs));
    }

    /**
     * Tracks {@code topic} and completes with the first snapshot that knows its partitions. Fails with
     * {@link UnknownTopicException} when the broker reports it unknown and this manager may not create topics, or
     * when it has not appeared within {@code timeout}; with an {@link ApiErrorException} when the broker rejects
     * the name or the access.
     */
    public CompletableFuture<ClusterSnapshot> awaitTopic(String topic, Duration timeout) {
        ClusterSnapshot known = snapshot;
        if (known.partitionCount(topic) > 0) {
            return CompletableFuture.completedFuture(known);
        }
        TopicWaiter waiter = new TopicWaiter(topic, timeout.toMillis(), new CompletableFuture<>());
        execute(() -> addWaiter(waiter));
        return waiter.future;
    }

    /** Stops the background refresh; waiting callers fail. Does not close the network. */
    @Override
    public void close() {
        intervalRefresh.cancel(false);
        execute(() -> {
            closed = true;
            RunnelException cause = new RunnelException("metadata manager is closed");
            for (TopicWaiter waiter : waiters) {
                waiter.future.completeExceptionally(cause);
            }
            waiters.clear();
        });
    }

    private void addWaiter(TopicWaiter waiter) {
        if (closed) {
            waiter.future.completeExceptionally(new RunnelException("metadata manager is closed"));
            return;
        }
        if (snapshot.partitionCount(waiter.topic) > 0) {
            waiter.future.complete(snapshot);
            return;
        }
        waiters.add(waiter);
        waiter.timer = loop.schedule(() -> expire(waiter), waiter.timeoutMs, TimeUnit.MILLISECONDS);
        if (tracked.add(waiter.topic)) {
            trackedVersion++;
        }
        refreshOnLoop();
    }

    private void expire(TopicWaiter waiter) {
        if (waiters.remove(waiter)) {
            ErrorCode last = snapshot.topicError(waiter.topic);
            waiter.future.completeExceptionally(new UnknownTopicException("topic " + waiter.topic
                    + " not present in metadata after " + waiter.timeoutMs + " ms"
                    + (last == ErrorCode.NONE ? "" : "; the broker last answered " + last)));
        }
    }

    private CompletableFuture<ClusterSnapshot> refreshOnLoop() {
        return request(false);
    }

    private void scheduleUpdate() {
        if (updateScheduled || closed) {
            return;
        }
        long wait = lastStartNanos + retryBackoffNanos - System.nanoTime();
        if (inFlight == null && (lastStartNanos == 0 || wait <= 0)) {
            request(false);
            return;
        }
        updateScheduled = true;
        loop.schedule(() -> {
            updateScheduled = false;
            request(false);
        }, Math.max(0, wait), TimeUnit.NANOSECONDS);
    }

    /** Starts a request, or joins the one in flight or the follow-up queued behind it. Event loop only. */
    private CompletableFuture<ClusterSnapshot> request(boolean allTopics) {
        if (closed) {
            return CompletableFuture.failedFuture(new RunnelException("metadata manager is closed"));
        }
        if (inFlight == null) {
            // start may complete the refresh at once (no broker reachable), which clears inFlight.
            Refresh refresh = new Refresh(allTopics, trackedVersion);
            inFlight = refresh;
            start(refresh);
            return refresh.future;
        }
        if (inFlight.trackedVersion == trackedVersion && (inFlight.allTopics || !allTopics)) {
            return inFlight.future;
        }
        if (next == null) {
            next = new Refresh(allTopics, trackedVersion);
        }
        next.allTopics |= allTopics;
        return next.future;
    }

    private void start(Refresh refresh) {
        lastStartNanos = System.nanoTime();
        refresh.trackedVersion = trackedVersion;
        MetadataRequest request = request(refresh.allTopics ? null : tracked, allowAutoTopicCreation);
        network.<MetadataResponse>sendToAny(request, (short) -1)
                .whenComplete((response, failure) -> finish(refresh, response, failure));
    }

    /**
     * A Metadata request for {@code topics}, or for every topic when null (an empty collection asks only for the
     * brokers).
     */
    public static MetadataRequest request(Collection<String> topics, boolean allowAutoTopicCreation) {
        MetadataRequest request = new MetadataRequest().allowAutoTopicCreation(allowAutoTopicCreation);
        if (topics == null) {
            return request.topics(null);
        }
        List<MetadataRequest.MetadataRequestTopic> list = new ArrayList<>(topics.size());
        for (String name : topics) {
            list.add(new MetadataRequest.MetadataRequestTopic().name(name));
        }
        return request.topics(list);
    }

    private void finish(Refresh refresh, MetadataResponse response, Throwable failure) {
        inFlight = null;
        if (failure == null) {
            ErrorCode topLevel = ErrorCode.forCode(response.errorCode());
            if (topLevel != ErrorCode.NONE) {
                failure = ApiErrorException.of(topLevel, "Metadata request");
            }
        }
        ClusterSnapshot updated = null;
        if (failure == null) {
            updated = ClusterSnapshot.update(snapshot, response);
            snapshot = updated;
            network.updateNodes(updated.nodes());
        }
        // The follow-up goes out before any caller is told, so a refresh a callback asks for joins it.
        if (next != null && !closed) {
            inFlight = next;
            next = null;
            start(inFlight);
        }
        if (failure != null) {
            refresh.future.completeExceptionally(failure);
            if (!waiters.isEmpty()) {
                scheduleUpdate();
            }
        } else {
            refresh.future.complete(updated);
            checkWaiters(updated);
        }
    }

    private void checkWaiters(ClusterSnapshot updated) {
        boolean retry = false;
        for (Iterator<TopicWaiter> it = waiters.iterator(); it.hasNext(); ) {
            TopicWaiter waiter = it.next();
            ErrorCode error = updated.topicError(waiter.topic);
            RunnelException definitive = null;
            if (updated.partitionCount(waiter.topic) > 0) {
                it.remove();
                waiter.timer.cancel(false);
                waiter.future.complete(updated);
                continue;
            }
            if (error == ErrorCode.UNKNOWN_TOPIC_OR_PARTITION && !allowAutoTopicCreation) {
                definitive = new UnknownTopicException("topic " + waiter.topic + " does not exist");
            } else if (error == ErrorCode.INVALID_TOPIC_EXCEPTION || error == ErrorCode.TOPIC_AUTHORIZATION_FAILED) {
                definitive = ApiErrorException.of(error, "metadata for topic " + waiter.topic);
            }
            if (definitive != null) {
                it.remove();
                waiter.timer.cancel(false);
                waiter.future.completeExceptionally(definitive);
            } else {
                retry = true;
            }
        }
        if (retry) {
            scheduleUpdate();
        }
    }

    private CompletableFuture<ClusterSnapshot> onLoop(java.util.function.Supplier<CompletableFuture<ClusterSnapshot>>
                                                              task) {
        if (loop.inEventLoop()) {
            return task.get();
        }
        CompletableFuture<ClusterSnapshot> result = new CompletableFuture<>();
        try {
            loop.execute(() -> task.get().whenComplete((s, e) -> {
                if (e != null) {
                    result.completeExceptionally(e);
                } else {
                    result.complete(s);
                }
            }));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new RunnelException("client is closed", e));
        }
        return result;
    }

    private void execute(Runnable task) {
        network.execute(task);
    }

    /** One Metadata request and everyone waiting for it. */
    private static final class Refresh {
        final CompletableFuture<ClusterSnapshot> future = new CompletableFuture<>();
        boolean allTopics;
        int trackedVersion;

        Refresh(boolean allTopics, int trackedVersion) {
            this.allTopics = allTopics;
            this.trackedVersion = trackedVersion;
        }
    }

    /** A caller of {@link #awaitTopic}. */
    private static final class TopicWaiter {
        final String topic;
        final long timeoutMs;
        final CompletableFuture<ClusterSnapshot> future;
        ScheduledFuture<?> timer;

        TopicWaiter(String topic, long timeoutMs, CompletableFuture<ClusterSnapshot> future) {
            this.topic = topic;
            this.timeoutMs = timeoutMs;
            this.future = future;
        }
    }
}
