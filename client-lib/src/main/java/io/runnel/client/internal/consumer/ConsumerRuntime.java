package io.runnel.client.internal.consumer;

import io.runnel.client.ConsumerRecords;
import io.runnel.client.GroupProtocol;
import io.runnel.client.NoOffsetForPartitionException;
import io.runnel.client.OffsetCommitCallback;
import io.runnel.client.OffsetOutOfRangeException;
import io.runnel.client.OffsetReset;
import io.runnel.client.RebalanceListener;
import io.runnel.client.RunnelException;
import io.runnel.client.RunnelTimeoutException;
import io.runnel.client.TopicPartition;
import io.runnel.client.internal.metadata.MetadataManager;
import io.runnel.client.internal.net.ClientNetwork;
import io.runnel.client.internal.net.ClientNetworkConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The consumer behind {@code RunnelConsumer}: owns the network, metadata, fetcher, group membership and commits,
 * and runs on the polling thread what must run there (rebalance listener calls, record hand-over, commit
 * callbacks). The public facade validates arguments and guards against concurrent use; this class assumes one
 * thread.
 */
public final class ConsumerRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerRuntime.class);

    private final ConsumerSettings settings;
    private final LongSupplier clock = () -> TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
    private final ClientNetwork network;
    private final MetadataManager metadata;
    private final FetchPositions positions;
    private final FetchBuffer buffer = new FetchBuffer();
    private final BlockingWait waits;
    private final Fetcher fetcher;
    private final RecordCollector collector;
    private final CommitManager commits;
    private final TopicPatternSubscription patterns;
    private GroupMember member;
    private RebalanceListener listener = RebalanceListener.none();
    private Set<String> subscription = Set.of();
    private boolean manual;
    private boolean closed;

    public ConsumerRuntime(ConsumerSettings settings) {
        this.settings = settings;
        this.network = new ClientNetwork(ClientNetworkConfig.builder(settings.bootstrap())
                .clientId(settings.clientId()).requestTimeout(settings.requestTimeout())
                .security(settings.security()).build());
        this.metadata = new MetadataManager(network, settings.metadataMaxAge(), settings.retryBackoff(),
                settings.defaultApiTimeout(), false);
        this.positions = new FetchPositions(settings.autoOffsetReset());
        this.waits = new BlockingWait(buffer, clock);
        this.fetcher = new Fetcher(network, metadata, positions, buffer, settings.groupId(),
                new Fetcher.FetchSettings(settings.fetchMinBytes(), settings.fetchMaxBytes(),
                        (int) settings.fetchMaxWait().toMillis(), settings.maxPartitionFetchBytes(),
                        settings.retryBackoff().toMillis()), clock);
        this.collector = new RecordCollector(buffer, positions, tp -> fetcher.wake());
        this.commits = settings.groupId() == null ? null : new CommitManager(network, metadata,
                settings.groupId(),
                this::generation, waits, clock, settings.retryBackoff().toMillis(),
                settings.autoCommitInterval().toMillis());
        this.patterns = new TopicPatternSubscription(metadata, clock, settings.metadataMaxAge().toMillis());
    }

    private GroupGeneration generation() {
        return member == null ? GroupGeneration.NONE : member.generation();
    }

    /** Subscribes to topic names through the group. */
    public void subscribe(Collection<String> topics, RebalanceListener newListener) {
        requireGroup("subscribe");
        if (manual) {
            throw new IllegalStateException("subscribe is not possible after assign(); call unsubscribe() first");
        }
        patterns.clear();
        listener = newListener;
        changeSubscription(Set.copyOf(topics));
    }

    /** Subscribes to every topic whose whole name matches {@code pattern}, re-checked on the metadata interval. */
    public void subscribe(Pattern pattern, RebalanceListener newListener) {
        requireGroup("subscribe");
        if (manual) {
            throw new IllegalStateException("subscribe is not possible after assign(); call unsubscribe() first");
        }
        listener = newListener;
        patterns.start(pattern);
        ensureMember();
        metadata.refresh();
    }

    private void changeSubscription(Set<String> topics) {
        ensureMember();
        subscription = topics;
        member.subscribe(topics);
    }

    private void ensureMember() {
        if (member != null) {
            return;
        }
        long retryBackoffMs = settings.retryBackoff().toMillis();
        int maxPollMs = (int) settings.maxPollInterval().toMillis();
        member = settings.groupProtocol() == GroupProtocol.CONSUMER
                ? new ConsumerProtocolDriver(network, metadata, settings.groupId(), settings.groupInstanceId(),
                        maxPollMs, retryBackoffMs, buffer::signal, clock)
                : new ClassicProtocolDriver(network, metadata, settings.groupId(), settings.groupInstanceId(),
                        (int) settings.sessionTimeout().toMillis(), maxPollMs,
                        settings.heartbeatInterval().toMillis(), settings.requestTimeout().toMillis(),
                        retryBackoffMs, buffer::signal, clock);
    }

    /** Takes exactly these partitions, without a group. */
    public void assign(Collection<TopicPartition> partitions) {
        if (member != null) {
            throw new IllegalStateException("assign is not possible while subscribed; call unsubscribe() first");
        }
        manual = !partitions.isEmpty();
        Set<String> topics = new HashSet<>();
        for (TopicPartition tp : partitions) {
            topics.add(tp.topic());
        }
        metadata.track(topics);
        positions.assignExactly(partitions, settings.groupId() != null);
        fetcher.wake();
    }

    /** Leaves the group (revoking first) or drops the manual assignment. */
    public void unsubscribe() {
        if (member != null) {
            revokeAll();
            waitQuietly(member.leave(), "leave group " + settings.groupId());
            member.close();
            member = null;
        }
        patterns.clear();
        subscription = Set.of();
        manual = false;
        positions.assignExactly(List.of(), false);
    }

    public Set<String> subscription() {
        return patterns.active() ? patterns.topics() : subscription;
    }

    public Set<TopicPartition> assignment() {
        return positions.assigned();
    }

    /** The records that arrived, waiting at most {@code timeoutMs} for some. */
    public ConsumerRecords poll(long timeoutMs) {
        if (member == null && !manual) {
            throw new IllegalStateException("consumer is not subscribed to any topics or assigned any partitions");
        }
        long deadline = clock.getAsLong() + timeoutMs;
        if (member != null) {
            member.polled();
        }
        while (true) {
            waits.checkWakeup();
            if (commits != null) {
                commits.runCallbacks();
                if (settings.autoCommit()) {
                    commits.maybeAutoCommit(positions::positions);
                }
            }
            followPattern();
            runRebalanceSteps();
            throwPendingErrors();
            ConsumerRecords records = collector.collect(settings.maxPollRecords());
            if (!records.isEmpty()) {
                return records;
            }
            if (clock.getAsLong() >= deadline) {
                return ConsumerRecords.empty();
            }
            fetcher.wake();
            waits.pause(deadline);
        }
    }

    private void followPattern() {
        Set<String> matched = patterns.check();
        if (matched != null && !matched.equals(subscription)) {
            changeSubscription(matched);
        }
    }

    /** Carries out every rebalance step the membership has ready, calling the listener. */
    private void runRebalanceSteps() {
        if (member == null) {
            return;
        }
        PartitionChange next;
        while ((next = member.pendingChange()) != null) {
            PartitionChange change = next;
            RuntimeException fromListener = null;
            if (!change.lost().isEmpty()) {
                positions.remove(change.lost());
                fromListener = call(() -> listener.onLost(change.lost()), fromListener);
            }
            if (!change.revoked().isEmpty()) {
                autoCommitBeforeRevoking();
                fromListener = call(() -> listener.onRevoked(change.revoked()), fromListener);
                positions.remove(change.revoked());
            }
            if (!change.assigned().isEmpty()) {
                positions.add(change.assigned(), true);
                fromListener = call(() -> listener.onAssigned(change.assigned()), fromListener);
                fetcher.wake();
            }
            member.changeDone(change);
            if (fromListener != null) {
                throw fromListener;
            }
        }
    }

    private static RuntimeException call(Runnable callback, RuntimeException earlier) {
        try {
            callback.run();
            return earlier;
        } catch (RuntimeException e) {
            if (earlier != null) {
                earlier.addSuppressed(e);
                return earlier;
            }
            return e;
        }
    }

    private void autoCommitBeforeRevoking() {
        if (!settings.autoCommit() || commits == null) {
            return;
        }
        try {
            commits.commitSync(positions.positions(), clock.getAsLong() + settings.defaultApiTimeout().toMillis());
        } catch (RunnelException e) {
            LOG.warn("group {}: auto-commit before giving up partitions failed: {}", settings.groupId(),
                    e.getMessage());
        }
    }

    private void throwPendingErrors() {
        if (member != null && member.fatalError() != null) {
            throw member.fatalError();
        }
        RunnelException fetchError = fetcher.takeError();
        if (fetchError != null) {
            throw fetchError;
        }
        Set<TopicPartition> noOffset = positions.takeNoOffset();
        if (!noOffset.isEmpty()) {
            throw new NoOffsetForPartitionException(noOffset);
        }
        Map<TopicPartition, Long> outOfRange = positions.takeOutOfRange();
        if (!outOfRange.isEmpty()) {
            throw new OffsetOutOfRangeException("positions " + outOfRange + " are outside the logs and "
                    + "autoOffsetReset is NONE: seek to a valid offset", outOfRange);
        }
    }

    public void commitSync(Map<TopicPartition, Long> offsets, long timeoutMs) {
        requireGroup("commit");
        commits.commitSync(offsets, clock.getAsLong() + timeoutMs);
    }

    public void commitSync(long timeoutMs) {
        commitSync(positions.positions(), timeoutMs);
    }

    public void commitAsync(Map<TopicPartition, Long> offsets, OffsetCommitCallback callback) {
        requireGroup("commit");
        commits.runCallbacks();
        commits.commitAsync(offsets, callback);
    }

    public void commitAsync(OffsetCommitCallback callback) {
        commitAsync(positions.positions(), callback);
    }

    public Map<TopicPartition, Long> committed(Set<TopicPartition> partitions, long timeoutMs) {
        requireGroup("read committed offsets");
        return commits.committed(partitions, clock.getAsLong() + timeoutMs);
    }

    public void seek(TopicPartition tp, long offset) {
        positions.seek(tp, offset);
        fetcher.wake();
    }

    public void seekToBeginning(Collection<TopicPartition> partitions) {
        positions.requestReset(partitions, OffsetReset.EARLIEST);
        fetcher.wake();
    }

    public void seekToEnd(Collection<TopicPartition> partitions) {
        positions.requestReset(partitions, OffsetReset.LATEST);
        fetcher.wake();
    }

    /** The position, waiting (up to {@code timeoutMs}) while it is still being looked up. */
    public long position(TopicPartition tp, long timeoutMs) {
        long deadline = clock.getAsLong() + timeoutMs;
        while (true) {
            long position = positions.position(tp);
            if (position >= 0) {
                return position;
            }
            waits.checkWakeup();
            throwPendingErrors();
            if (clock.getAsLong() >= deadline) {
                throw new RunnelTimeoutException("the position of " + tp + " was not found in time");
            }
            fetcher.wake();
            waits.pause(deadline);
        }
    }

    public void pause(Collection<TopicPartition> partitions) {
        positions.pause(partitions, true);
    }

    public void resume(Collection<TopicPartition> partitions) {
        positions.pause(partitions, false);
        fetcher.wake();
    }

    public Set<TopicPartition> paused() {
        return positions.paused();
    }

    public void wakeup() {
        buffer.wakeup();
    }

    /** Commits (auto-commit), revokes, leaves the group and stops, within {@code timeoutMs}. */
    public void close(long timeoutMs) {
        if (closed) {
            return;
        }
        long deadline = clock.getAsLong() + timeoutMs;
        try {
            if (member != null) {
                if (settings.autoCommit()) {
                    try {
                        commits.commitSync(positions.positions(), deadline);
                    } catch (RunnelException e) {
                        LOG.warn("group {}: commit on close failed: {}", settings.groupId(), e.getMessage());
                    }
                }
                revokeAll();
                try {
                    waits.await(member.leave(), deadline, "leave group " + settings.groupId());
                } catch (RunnelException e) {
                    LOG.warn("group {}: leaving on close failed: {}", settings.groupId(), e.getMessage());
                }
            }
            if (commits != null) {
                commits.runCallbacks();
            }
        } finally {
            shutDown();
        }
    }

    /** Stops everything at once, without committing or leaving: the group sees a member that died. */
    public void abandon() {
        shutDown();
    }

    private void shutDown() {
        if (closed) {
            return;
        }
        closed = true;
        if (member != null) {
            member.close();
        }
        fetcher.close();
        collector.close();
        buffer.close();
        metadata.close();
        network.close();
    }

    private void revokeAll() {
        Set<TopicPartition> owned = positions.assigned();
        if (!owned.isEmpty()) {
            RuntimeException e = call(() -> listener.onRevoked(owned), null);
            positions.remove(owned);
            if (e != null) {
                LOG.warn("group {}: rebalance listener failed while revoking on leave", settings.groupId(), e);
            }
        }
    }

    private void waitQuietly(CompletableFuture<Void> future, String what) {
        try {
            waits.await(future, clock.getAsLong() + settings.defaultApiTimeout().toMillis(), what);
        } catch (RunnelException e) {
            LOG.warn("{} failed: {}", what, e.getMessage());
        }
    }

    private void requireGroup(String what) {
        if (settings.groupId() == null) {
            throw new IllegalStateException("cannot " + what + " without a groupId: build the consumer with "
                    + "groupId(...)");
        }
    }

    @Override
    public void close() {
        close(settings.defaultApiTimeout().toMillis());
    }
}
