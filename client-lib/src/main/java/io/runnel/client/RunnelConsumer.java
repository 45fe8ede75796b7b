package io.runnel.client;

import io.runnel.client.internal.consumer.ConsumerRuntime;
import io.runnel.client.internal.consumer.ConsumerSettings;
import io.runnel.client.internal.consumer.PollingThreadGuard;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Reads records from Runnel (or any Kafka 4.x cluster): as a member of a consumer group that shares the partitions
 * of the topics it subscribes to, or from partitions assigned by hand. Build one with {@link #builder()}.
 *
 * <pre>{@code
 * try (RunnelConsumer consumer = RunnelConsumer.builder().bootstrap("127.0.0.1:9092").groupId("billing")
 *         .autoOffsetReset(OffsetReset.EARLIEST).autoCommit(false).build()) {
 *     consumer.subscribe(List.of("orders"));
 *     while (running) {
 *         for (ConsumerRecord record : consumer.poll(Duration.ofSeconds(1))) {
 *             process(record);
 *         }
 *         consumer.commitSync();   // at-least-once: commit what was processed
 *     }
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> One thread uses a consumer at a time; a second thread calling in while another is inside gets
 * {@link ConcurrentConsumerUseException}. Only {@link #wakeup()} may be called from any thread. Rebalance listener
 * methods and commit callbacks run on the polling thread, inside {@code poll} (or {@code commitSync},
 * {@code close}). Heartbeats and read-ahead run on the client's own event loop thread, so slow processing between
 * polls does not cost the membership until {@code maxPollInterval} passes without a poll; then the consumer leaves
 * the group (its partitions go to others) and joins again on its next poll.
 *
 * <p><b>Positions and commits.</b> The position of a partition is the offset of the next record {@code poll} will
 * return; {@code commitSync()} commits the positions of all assigned partitions, i.e. everything returned so far.
 * With {@code autoCommit} (the default) positions are committed every {@code autoCommitInterval}, before
 * partitions are given away in a rebalance, and on {@code close()}.
 */
public final class RunnelConsumer implements AutoCloseable {
    private static final AtomicInteger CLIENT_IDS = new AtomicInteger();

    private final ConsumerRuntime runtime;
    private final ConsumerSettings settings;
    private final PollingThreadGuard guard = new PollingThreadGuard();

    private RunnelConsumer(ConsumerSettings settings) {
        this.settings = settings;
        this.runtime = new ConsumerRuntime(settings);
    }

    /** A builder with Kafka's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    private <T> T guarded(Supplier<T> call) {
        guard.enter();
        try {
            return call.get();
        } finally {
            guard.leave();
        }
    }

    private void guarded(Runnable call) {
        guard.enter();
        try {
            call.run();
        } finally {
            guard.leave();
        }
    }

    /**
     * Joins the group and takes a share of the partitions of {@code topics} (replacing any earlier subscription).
     * Partitions arrive during later polls.
     *
     * @throws IllegalStateException without a {@code groupId}, or after {@link #assign}
     */
    public void subscribe(Collection<String> topics) {
        subscribe(topics, RebalanceListener.none());
    }

    /** As {@link #subscribe(Collection)}, telling {@code listener} about every assignment change. */
    public void subscribe(Collection<String> topics, RebalanceListener listener) {
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(listener, "listener");
        for (String topic : topics) {
            if (topic == null || topic.isBlank()) {
                throw new IllegalArgumentException("topic names must not be null or blank: " + topics);
            }
        }
        guarded(() -> runtime.subscribe(topics, listener));
    }

    /**
     * Subscribes to every topic whose whole name matches {@code pattern}, now and as topics come and go: the
     * client lists the cluster's topics every {@code metadataMaxAge} and re-subscribes when the matches change.
     * Internal topics never match.
     */
    public void subscribe(Pattern pattern) {
        subscribe(pattern, RebalanceListener.none());
    }

    /** As {@link #subscribe(Pattern)}, telling {@code listener} about every assignment change. */
    public void subscribe(Pattern pattern, RebalanceListener listener) {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(listener, "listener");
        guarded(() -> runtime.subscribe(pattern, listener));
    }

    /**
     * Reads exactly these partitions, without a group (no rebalancing; commits still work when a
     * {@code groupId} is set, and a partition then starts from its committed offset).
     *
     * @throws IllegalStateException while subscribed
     */
    public void assign(Collection<TopicPartition> partitions) {
        Objects.requireNonNull(partitions, "partitions");
        guarded(() -> runtime.assign(List.copyOf(partitions)));
    }

    /** Gives up the subscription (revoking, then leaving the group) or the manual assignment. */
    public void unsubscribe() {
        guarded(runtime::unsubscribe);
    }

    /** The subscribed topics (for a pattern: those it matches now); empty when not subscribed. */
    public Set<String> subscription() {
        return guarded(runtime::subscription);
    }

    /** The partitions this consumer owns now. */
    public Set<TopicPartition> assignment() {
        return guarded(runtime::assignment);
    }

    /**
     * Returns the records that arrived, at most {@code maxPollRecords}, waiting up to {@code timeout} for some;
     * rebalance listener calls happen here. The next fetch is already under way when this returns.
     *
     * @throws WakeupException                when {@link #wakeup()} was called
     * @throws NoOffsetForPartitionException  under {@link OffsetReset#NONE}, for partitions without a committed
     *                                        offset
     * @throws OffsetOutOfRangeException      under {@link OffsetReset#NONE}, for positions outside the log
     * @throws ConcurrentConsumerUseException when another thread is inside the consumer
     * @throws IllegalStateException          when neither subscribed nor assigned
     * @throws RunnelException                when the group membership failed for good (e.g. a fenced static
     *                                        member) or a fetch hit an error retrying cannot fix
     */
    public ConsumerRecords poll(Duration timeout) {
        long ms = requireNonNegative(timeout, "timeout");
        return guarded(() -> runtime.poll(ms));
    }

    /**
     * Commits the positions of all assigned partitions (everything {@code poll} returned) and waits, retrying
     * retriable errors for up to {@code defaultApiTimeout}.
     *
     * @throws CommitFailedException when the group has given the partitions to another member meanwhile
     * @throws WakeupException       when {@link #wakeup()} was called
     */
    public void commitSync() {
        guarded(() -> runtime.commitSync(settings.defaultApiTimeout().toMillis()));
    }

    /** As {@link #commitSync()} with its own time limit. */
    public void commitSync(Duration timeout) {
        long ms = requireNonNegative(timeout, "timeout");
        guarded(() -> runtime.commitSync(ms));
    }

    /**
     * Commits the given offsets and waits: per partition, the offset of the next record to read (the last
     * processed offset + 1).
     */
    public void commitSync(Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, Long> copy = Map.copyOf(offsets);
        guarded(() -> runtime.commitSync(copy, settings.defaultApiTimeout().toMillis()));
    }

    /** Commits the positions of all assigned partitions without waiting; failures are logged. */
    public void commitAsync() {
        guarded(() -> runtime.commitAsync(null));
    }

    /** As {@link #commitAsync()}; {@code callback} runs on the polling thread during a later call. */
    public void commitAsync(OffsetCommitCallback callback) {
        guarded(() -> runtime.commitAsync(callback));
    }

    /** Commits the given offsets without waiting; {@code callback} (may be null) runs during a later call. */
    public void commitAsync(Map<TopicPartition, Long> offsets, OffsetCommitCallback callback) {
        Map<TopicPartition, Long> copy = Map.copyOf(offsets);
        guarded(() -> runtime.commitAsync(copy, callback));
    }

    /** The group's committed offsets for {@code partitions}; partitions without one are absent. */
    public Map<TopicPartition, Long> committed(Set<TopicPartition> partitions) {
        Set<TopicPartition> copy = Set.copyOf(partitions);
        return guarded(() -> runtime.committed(copy, settings.defaultApiTimeout().toMillis()));
    }

    /**
     * The next {@code poll} returns {@code partition}'s records from {@code offset} on.
     *
     * @throws IllegalStateException when the partition is not assigned to this consumer
     */
    public void seek(TopicPartition partition, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, not " + offset);
        }
        guarded(() -> runtime.seek(partition, offset));
    }

    /** Reading restarts from the first record each partition still holds. */
    public void seekToBeginning(Collection<TopicPartition> partitions) {
        List<TopicPartition> copy = List.copyOf(partitions);
        guarded(() -> runtime.seekToBeginning(copy));
    }

    /** Reading continues from the end of each partition: only records produced from now on. */
    public void seekToEnd(Collection<TopicPartition> partitions) {
        List<TopicPartition> copy = List.copyOf(partitions);
        guarded(() -> runtime.seekToEnd(copy));
    }

    /**
     * The offset of the next record {@code poll} returns for {@code partition}, looking it up (committed offset or
     * reset policy) if needed, for up to {@code defaultApiTimeout}.
     */
    public long position(TopicPartition partition) {
        return guarded(() -> runtime.position(partition, settings.defaultApiTimeout().toMillis()));
    }

    /** Stops returning records of {@code partitions} (they stay assigned) until {@link #resume}. */
    public void pause(Collection<TopicPartition> partitions) {
        List<TopicPartition> copy = List.copyOf(partitions);
        guarded(() -> runtime.pause(copy));
    }

    public void resume(Collection<TopicPartition> partitions) {
        List<TopicPartition> copy = List.copyOf(partitions);
        guarded(() -> runtime.resume(copy));
    }

    /** The paused partitions. */
    public Set<TopicPartition> paused() {
        return guarded(runtime::paused);
    }

    /**
     * Makes the poll (or commitSync, position, committed) that is blocked now, or the next one, throw
     * {@link WakeupException}: the way to stop a consumer loop from another thread. Safe from any thread.
     */
    public void wakeup() {
        runtime.wakeup();
    }

    /**
     * Commits (when auto-commit is on), calls {@code onRevoked}, leaves the group and stops, waiting at most
     * {@code defaultApiTimeout}.
     */
    @Override
    public void close() {
        close(settings.defaultApiTimeout());
    }

    /** As {@link #close()} with its own time limit; the consumer is closed whatever happens within it. */
    public void close(Duration timeout) {
        long ms = requireNonNegative(timeout, "timeout");
        guarded(() -> runtime.close(ms));
    }

    /** Test hook: stops at once without committing or leaving, as a process that died would. */
    void abandon() {
        guarded(runtime::abandon);
    }

    private static long requireNonNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + d);
        }
        return d.toMillis();
    }

    /**
     * Builds a {@link RunnelConsumer}. Every setting has Kafka's default and name in parentheses; only
     * {@link #bootstrap} is required, and {@link #groupId} for subscribing and committing.
     */
    public static final class Builder {
        private String bootstrap;
        private String clientId;
        private String groupId;
        private String groupInstanceId;
        private OffsetReset autoOffsetReset = OffsetReset.LATEST;
        private boolean autoCommit = true;
        private Duration autoCommitInterval = Duration.ofSeconds(5);
        private GroupProtocol groupProtocol = GroupProtocol.CONSUMER;
        private int maxPollRecords = 500;
        private Duration maxPollInterval = Duration.ofMinutes(5);
        private Duration sessionTimeout = Duration.ofSeconds(45);
        private Duration heartbeatInterval = Duration.ofSeconds(3);
        private int fetchMinBytes = 1;
        private int fetchMaxBytes = 50 * 1024 * 1024;
        private Duration fetchMaxWait = Duration.ofMillis(500);
        private int maxPartitionFetchBytes = 1024 * 1024;
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration defaultApiTimeout = Duration.ofSeconds(60);
        private Duration retryBackoff = Duration.ofMillis(100);
        private Duration metadataMaxAge = Duration.ofMinutes(5);
        private Security security;
        private Sasl sasl;

        private Builder() {
        }

        /** {@code host:port[,host:port...]} of one or more brokers ({@code bootstrap.servers}); required. */
        public Builder bootstrap(String servers) {
            this.bootstrap = servers;
            return this;
        }

            /**
         * TLS for an SSL or SASL_SSL listener ({@code security.protocol=SSL}, {@code ssl.truststore.*}); default: plain
         * TCP.
         */
        public Builder security(Security value) {
            this.security = Objects.requireNonNull(value, "security");
            return this;
        }

        /**
         * SASL credentials for a SASL_PLAINTEXT or SASL_SSL listener ({@code sasl.mechanism}, {@code sasl.jaas.config});
         * default: none.
         */
        public Builder sasl(Sasl value) {
            this.sasl = Objects.requireNonNull(value, "sasl");
            return this;
        }

        /** The consumer group ({@code group.id}); needed to subscribe and to commit. Default: none. */
        public Builder groupId(String value) {
            this.groupId = value;
            return this;
        }

        /** Named in the broker's logs and tools ({@code client.id}). Default: {@code runnel-consumer-N}. */
        public Builder clientId(String value) {
            this.clientId = value;
            return this;
        }

        /**
         * Static membership ({@code group.instance.id}): a member that restarts with the same id within the
         * session timeout gets its partitions back without a rebalance. Default: none (dynamic member).
         */
        public Builder groupInstanceId(String value) {
            this.groupInstanceId = value;
            return this;
        }

        /** Where to start without a committed offset ({@code auto.offset.reset}). Default: LATEST. */
        public Builder autoOffsetReset(OffsetReset value) {
            this.autoOffsetReset = Objects.requireNonNull(value, "autoOffsetReset");
            return this;
        }

        /** Commit positions automatically ({@code enable.auto.commit}). Default: true. */
        public Builder autoCommit(boolean value) {
            this.autoCommit = value;
            return this;
        }

        /** How often auto-commit commits ({@code auto.commit.interval.ms}). Default: 5 s. */
        public Builder autoCommitInterval(Duration value) {
            this.autoCommitInterval = value;
            return this;
        }

        /** {@code group.protocol}. Default: CONSUMER (KIP-848); CLASSIC for Kafka 3.x clusters. */
        public Builder groupProtocol(GroupProtocol value) {
            this.groupProtocol = Objects.requireNonNull(value, "groupProtocol");
            return this;
        }

        /** Most records one poll returns ({@code max.poll.records}). Default: 500. */
        public Builder maxPollRecords(int value) {
            this.maxPollRecords = value;
            return this;
        }

        /**
         * Longest time between polls before the consumer leaves the group ({@code max.poll.interval.ms}); also
         * how long the group waits for it to give up partitions. Default: 5 minutes.
         */
        public Builder maxPollInterval(Duration value) {
            this.maxPollInterval = value;
            return this;
        }

        /**
         * Classic protocol: how long the coordinator waits for heartbeats before removing the member
         * ({@code session.timeout.ms}). Default: 45 s. The consumer protocol's is the broker's setting.
         */
        public Builder sessionTimeout(Duration value) {
            this.sessionTimeout = value;
            return this;
        }

        /**
         * Classic protocol: time between heartbeats ({@code heartbeat.interval.ms}). Default: 3 s. The consumer
         * protocol's is the broker's setting.
         */
        public Builder heartbeatInterval(Duration value) {
            this.heartbeatInterval = value;
            return this;
        }

        /** Bytes a fetch waits for before answering ({@code fetch.min.bytes}). Default: 1. */
        public Builder fetchMinBytes(int value) {
            this.fetchMinBytes = value;
            return this;
        }

        /** Most bytes one fetch returns ({@code fetch.max.bytes}). Default: 50 MiB. */
        public Builder fetchMaxBytes(int value) {
            this.fetchMaxBytes = value;
            return this;
        }

        /** Longest time the broker holds a fetch waiting for data ({@code fetch.max.wait.ms}). Default: 500 ms. */
        public Builder fetchMaxWait(Duration value) {
            this.fetchMaxWait = value;
            return this;
        }

        /** Most bytes per partition in one fetch ({@code max.partition.fetch.bytes}). Default: 1 MiB. */
        public Builder maxPartitionFetchBytes(int value) {
            this.maxPartitionFetchBytes = value;
            return this;
        }

        /** Longest wait for one response ({@code request.timeout.ms}). Default: 30 s. */
        public Builder requestTimeout(Duration value) {
            this.requestTimeout = value;
            return this;
        }

        /**
         * Time limit of the blocking calls without one of their own: commitSync, committed, position, close
         * ({@code default.api.timeout.ms}). Default: 60 s.
         */
        public Builder defaultApiTimeout(Duration value) {
            this.defaultApiTimeout = value;
            return this;
        }

        /** First wait before retrying a failed request ({@code retry.backoff.ms}; doubles to 1 s). Default: 100 ms. */
        public Builder retryBackoff(Duration value) {
            this.retryBackoff = value;
            return this;
        }

        /**
         * How often metadata, and a pattern subscription's topic list, is refreshed ({@code metadata.max.age.ms}).
         * Default: 5 minutes.
         */
        public Builder metadataMaxAge(Duration value) {
            this.metadataMaxAge = value;
            return this;
        }

        /**
         * Builds the consumer; connections open on first use.
         *
         * @throws IllegalArgumentException naming the setting that is missing or out of range
         */
        public RunnelConsumer build() {
            if (bootstrap == null || bootstrap.isBlank()) {
                throw new IllegalArgumentException("bootstrap is required: host:port of at least one broker");
            }
            if (groupId != null && groupId.isBlank()) {
                throw new IllegalArgumentException("groupId must not be blank");
            }
            if (groupInstanceId != null && groupId == null) {
                throw new IllegalArgumentException("groupInstanceId needs a groupId");
            }
            if (maxPollRecords < 1) {
                throw new IllegalArgumentException("maxPollRecords must be >= 1, not " + maxPollRecords);
            }
            if (fetchMinBytes < 0 || fetchMaxBytes < 1 || maxPartitionFetchBytes < 1) {
                throw new IllegalArgumentException("fetch sizes must be positive: fetchMinBytes " + fetchMinBytes
                        + ", fetchMaxBytes " + fetchMaxBytes + ", maxPartitionFetchBytes " + maxPartitionFetchBytes);
            }
            positive(autoCommitInterval, "autoCommitInterval");
            positive(maxPollInterval, "maxPollInterval");
            positive(sessionTimeout, "sessionTimeout");
            positive(heartbeatInterval, "heartbeatInterval");
            positive(fetchMaxWait, "fetchMaxWait");
            positive(requestTimeout, "requestTimeout");
            positive(defaultApiTimeout, "defaultApiTimeout");
            positive(retryBackoff, "retryBackoff");
            positive(metadataMaxAge, "metadataMaxAge");
            if (maxPollInterval.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("maxPollInterval must fit in an int of ms: " + maxPollInterval);
            }
            String id = clientId != null ? clientId : "runnel-consumer-" + CLIENT_IDS.incrementAndGet();
            return new RunnelConsumer(new ConsumerSettings(bootstrap, id, groupId, groupInstanceId,
                    autoOffsetReset, autoCommit && groupId != null, autoCommitInterval, groupProtocol,
                    maxPollRecords, maxPollInterval, sessionTimeout, heartbeatInterval, fetchMinBytes,
                    fetchMaxBytes, fetchMaxWait, maxPartitionFetchBytes, requestTimeout, defaultApiTimeout,
                    retryBackoff, metadataMaxAge, ClientSecurity.of(security, sasl)));
        }

        private static void positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration, not " + d);
            }
        }
    }
}
