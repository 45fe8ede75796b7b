package io.runnel.client;

import io.netty.buffer.PooledByteBufAllocator;
import io.runnel.client.internal.compression.Codecs;
import io.runnel.client.internal.metadata.MetadataManager;
import io.runnel.client.internal.net.ClientNetwork;
import io.runnel.client.internal.net.ClientNetworkConfig;
import io.runnel.client.internal.producer.AppendResult;
import io.runnel.client.internal.producer.BufferPool;
import io.runnel.client.internal.producer.CallbackRunner;
import io.runnel.client.internal.producer.InPlaceBatchBuilder;
import io.runnel.client.internal.producer.ProducerSettings;
import io.runnel.client.internal.producer.RecordAccumulator;
import io.runnel.client.internal.producer.Sender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends records to a Kafka-protocol cluster (Runnel or Apache Kafka), asynchronously with {@link #send} or
 * synchronously with {@link #sendSync}. Records are batched per partition and sent by a background sender;
 * defaults are those of Kafka's Java producer: {@code acks=all}, idempotent, {@code linger} 5 ms, 16 KiB batches,
 * 32 MiB of buffer memory.
 *
 * <pre>{@code
 * try (RunnelProducer producer = RunnelProducer.builder().bootstrap("localhost:9092").build()) {
 *     RecordMetadata meta = producer.sendSync(ProducerRecord.of("orders", "order-17", "created"));
 *     producer.send(ProducerRecord.of("orders", "order-18", "created"))
 *             .whenComplete((m, error) -> { ... });
 * }
 * }</pre>
 *
 * <h2>Threads</h2>
 * Thread-safe: any number of threads may send through one producer (one producer per application is usual).
 * Futures complete on the producer's own callback thread ({@code runnel-producer-callbacks-<clientId>}), never
 * on the network thread, so a callback that blocks delays only later callbacks, not sending. Futures of one
 * partition complete in the order the records were sent. From a callback, do not call {@link #sendSync} or
 * {@link #flush} (they would wait for the very thread they run on, and throw {@link IllegalStateException});
 * {@link #send} is fine.
 *
 * <h2>Delivery</h2>
 * With idempotence (the default), a record that is retried is written once and in order, even across broker
 * restarts and lost connections: the broker recognises a resent batch by its producer id and sequence number.
 * Retries of retriable errors continue, with {@code retryBackoff} between them, until {@code deliveryTimeout}
 * after {@code send}; then the future fails with a {@link RunnelTimeoutException} naming the last error.
 */
public final class RunnelProducer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunnelProducer.class);
    private static final AtomicInteger CLIENT_IDS = new AtomicInteger();
    /** Waits at least this long count as unbounded (and stay clear of nanosecond overflow). */
    private static final Duration FOREVER = Duration.ofDays(365);

    private final ProducerSettings settings;
    private final ClientNetwork network;
    private final MetadataManager metadata;
    private final CallbackRunner callbacks;
    private final RecordAccumulator accumulator;
    private final Sender sender;
    private final long maxBlockNanos;
    private volatile boolean closed;

    private RunnelProducer(ProducerSettings settings) {
        this.settings = settings;
        this.maxBlockNanos = settings.maxBlock().toNanos();
        this.network = new ClientNetwork(ClientNetworkConfig.builder(settings.bootstrap())
                .clientId(settings.clientId())
                .requestTimeout(settings.requestTimeout())
                .maxInFlight(settings.maxInFlight())
                .build());
        try {
            this.metadata = new MetadataManager(network, Duration.ofMinutes(5), settings.retryBackoff(),
                    settings.deliveryTimeout(), true);
            this.callbacks = new CallbackRunner(settings.clientId());
            Sender[] senderRef = new Sender[1];
            this.accumulator = new RecordAccumulator(new BufferPool(settings.bufferMemory(),
                    PooledByteBufAllocator.DEFAULT), settings.partitioner(), settings.batchSize(),
                    settings.linger().toNanos(), settings.deliveryTimeout().toNanos(),
                    Codecs.of(settings.compression()), PooledByteBufAllocator.DEFAULT, System::nanoTime,
                    () -> senderRef[0].wakeup());
            this.sender = new Sender(settings, accumulator, network, metadata, callbacks, System::nanoTime);
            senderRef[0] = sender;
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
        LOG.info("Producer {} started: bootstrap {}, acks {}, idempotent {}, compression {}", settings.clientId(),
                settings.bootstrap(), settings.acks(), settings.idempotent(), settings.compression());
    }

    /** A builder; only {@link Builder#bootstrap} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Sends {@code record} asynchronously. Returns at once with a future that completes with where the record was
     * stored, or fails with a {@link RunnelException} subclass: {@link BufferExhaustedException} when the buffer
     * memory stayed full for {@code maxBlock}, {@link RecordTooLargeException} for a record larger than
     * {@code maxRequestSize} or the buffer memory, {@link RunnelTimeoutException} when it was not acknowledged
     * within {@code deliveryTimeout}, an {@link ApiErrorException} for an error the broker returned that is not
     * retriable, {@link UnknownTopicException} for a partition the topic does not have.
     *
     * <p>Never waits for metadata: a record for a topic whose partitions are not known yet waits inside the
     * producer (counted against the buffer memory) until they are. Waits only when the buffer memory is full, at
     * most {@code maxBlock}.
     *
     * @throws IllegalStateException after {@link #close()}
     * @throws NullPointerException  when {@code record} is null
     */
    public CompletableFuture<RecordMetadata> send(ProducerRecord record) {
        Objects.requireNonNull(record, "record");
        if (closed) {
            throw new IllegalStateException("producer " + settings.clientId() + " is closed");
        }
        CompletableFuture<RecordMetadata> future = new CompletableFuture<>();
        RuntimeException fatal = sender.fatalError();
        if (fatal != null) {
            future.completeExceptionally(fatal);
            return future;
        }
        int size = InPlaceBatchBuilder.batchSizeFor(record.key(), record.value(), record.headers());
        if (size > settings.maxRequestSize() || size > settings.bufferMemory()) {
            future.completeExceptionally(new RecordTooLargeException("a record of " + size + " bytes for topic "
                    + record.topic() + " exceeds maxRequestSize " + settings.maxRequestSize()
                    + " or bufferMemory " + settings.bufferMemory()));
            return future;
        }
        long timestamp = record.timestamp() == ProducerRecord.NO_TIMESTAMP ? System.currentTimeMillis()
                : record.timestamp();
        try {
            AppendResult result = accumulator.append(record, timestamp, future, maxBlockNanos);
            switch (result) {
                case BUFFER_EXHAUSTED -> future.completeExceptionally(new BufferExhaustedException("no buffer memory"
                        + " for a record of topic " + record.topic() + " within maxBlock "
                        + settings.maxBlock().toMillis() + " ms: all " + settings.bufferMemory()
                        + " bytes hold records not yet acknowledged"));
                case INVALID_PARTITION -> future.completeExceptionally(ApiErrorException.of(
                        io.runnel.protocol.ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "partition " + record.partition()
                                + " of topic " + record.topic() + " does not exist (it has "
                                + accumulator.topic(record.topic()).partitionCount() + ")"));
                case PARTITIONER_OUT_OF_RANGE -> future.completeExceptionally(new RunnelException(
                        "partitioner " + settings.partitioner() + " chose a partition outside topic "
                                + record.topic() + " (" + accumulator.topic(record.topic()).partitionCount()
                                + " partitions)"));
                default -> {
                    // Appended: the sender takes it from here.
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.completeExceptionally(new InterruptException("interrupted while waiting for buffer memory", e));
        } catch (IllegalStateException e) {
            // The pool closed while this thread waited for memory: the producer is closing.
            future.completeExceptionally(new RunnelException("producer " + settings.clientId()
                    + " closed before the record could be buffered", e));
        }
        return future;
    }

    /**
     * Sends {@code record} and waits until the broker acknowledged it (or, with {@link Acks#NONE}, until it was
     * written to the socket).
     *
     * @return where the record was stored
     * @throws RunnelException       a subclass saying why it was not stored, as {@link #send} describes
     * @throws InterruptException    when the calling thread is interrupted while waiting
     * @throws IllegalStateException after {@link #close()}, or when called from a producer callback
     */
    public RecordMetadata sendSync(ProducerRecord record) {
        requireNotCallbackThread("sendSync");
        CompletableFuture<RecordMetadata> future = send(record);
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException("interrupted while waiting for the acknowledgement of a record of topic "
                    + record.topic(), e);
        } catch (ExecutionException e) {
            throw unchecked(e.getCause());
        }
    }

    private static RuntimeException unchecked(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new RunnelException(String.valueOf(cause.getMessage()), cause);
    }

    /**
     * Sends every record buffered so far at once (without waiting for {@code linger}) and waits until each is
     * acknowledged or failed; records sent by other threads meanwhile are not waited for. Failures are reported
     * through the records' futures, not here.
     *
     * @throws InterruptException    when interrupted while waiting
     * @throws IllegalStateException when called from a producer callback
     */
    public void flush() {
        requireNotCallbackThread("flush");
        accumulator.beginFlush();
        try {
            sender.wakeup();
            awaitAll(accumulator.incompleteWork(), Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException("interrupted during flush", e);
        } finally {
            accumulator.endFlush();
        }
    }

    /** Waits for each future, up to {@code timeoutNanos} in all; returns whether all completed. */
    private static boolean awaitAll(List<CompletableFuture<?>> futures, long timeoutNanos)
            throws InterruptedException {
        long deadline = System.nanoTime() + Math.min(timeoutNanos, Long.MAX_VALUE / 2);
        for (CompletableFuture<?> future : futures) {
            try {
                future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                // The failure belongs to the record's future; flush and close only wait for completion.
            } catch (TimeoutException e) {
                return false;
            }
        }
        return true;
    }

    private void requireNotCallbackThread(String what) {
        if (callbacks.isCallbackThread()) {
            throw new IllegalStateException(what + " cannot be called from a producer callback: it would wait for "
                    + "the callback thread it runs on");
        }
    }

    /**
     * Sends what is buffered, waits for the answers, then releases every resource; as
     * {@code close} with an unbounded timeout. Called from a producer callback, it does not wait
     * ({@code close(Duration.ZERO)}).
     */
    @Override
    public void close() {
        close(callbacks.isCallbackThread() ? Duration.ZERO : FOREVER);
    }

    /**
     * Stops accepting records, sends what is buffered and waits up to {@code timeout} for the answers; records
     * still unanswered then fail with a {@link RunnelException} saying the producer closed. Then closes the
     * connections and stops the producer's threads. Later calls do nothing.
     *
     * @throws InterruptException when interrupted while waiting (the producer is closed all the same)
     */
    public void close(Duration timeout) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        boolean interrupted = false;
        long timeoutNanos = timeout.isNegative() ? 0 : timeout.compareTo(FOREVER) >= 0 ? Long.MAX_VALUE
                : timeout.toNanos();
        accumulator.beginClose();
        sender.wakeup();
        try {
            if (timeoutNanos > 0) {
                awaitAll(accumulator.incompleteWork(), timeoutNanos);
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        accumulator.pool().close();
        metadata.close();
        network.close();
        sender.abandon(new RunnelException("producer " + settings.clientId()
                + " closed before the record was acknowledged"));
        try {
            callbacks.close(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            interrupted = true;
        }
        LOG.info("Producer {} closed", settings.clientId());
        if (interrupted) {
            Thread.currentThread().interrupt();
            throw new InterruptException("interrupted while closing producer " + settings.clientId(),
                    new InterruptedException());
        }
    }

    /**
     * Configures a {@link RunnelProducer}. Every setting but {@link #bootstrap} has Kafka's producer default;
     * Kafka's config name is given for each.
     */
    public static final class Builder {
        private String bootstrap;
        private String clientId;
        private Acks acks = Acks.ALL;
        private Boolean idempotent;
        private Duration linger = Duration.ofMillis(5);
        private int batchSize = 16 * 1024;
        private long bufferMemory = 32L * 1024 * 1024;
        private Duration maxBlock = Duration.ofSeconds(60);
        private Duration deliveryTimeout = Duration.ofSeconds(120);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration retryBackoff = Duration.ofMillis(100);
        private int maxInFlight = 5;
        private int maxRequestSize = 1024 * 1024;
        private CompressionType compression = CompressionType.NONE;
        private Partitioner partitioner;

        private Builder() {
        }

        /** Required: {@code host:port[,host:port...]} of brokers to start from ({@code bootstrap.servers}). */
        public Builder bootstrap(String servers) {
            this.bootstrap = Objects.requireNonNull(servers, "bootstrap");
            return this;
        }

        /** The client id sent to brokers and used in thread names ({@code client.id}); default {@code runnel-producer-N}. */
        public Builder clientId(String clientId) {
            this.clientId = Objects.requireNonNull(clientId, "clientId");
            return this;
        }

        /**
         * How many acknowledgements a send waits for ({@code acks}); default {@link Acks#ALL}, which on Runnel means
         * the record is fsynced. {@link Acks#NONE} is fast and may lose data. Idempotence needs {@link Acks#ALL}:
         * with another level it is off unless asked for explicitly, which is then an error.
         */
        public Builder acks(Acks acks) {
            this.acks = Objects.requireNonNull(acks, "acks");
            return this;
        }

        /**
         * Whether retries can never duplicate or reorder records ({@code enable.idempotence}); default true (with
         * {@link Acks#ALL}). Costs one InitProducerId request at start and nothing per record.
         */
        public Builder idempotent(boolean idempotent) {
            this.idempotent = idempotent;
            return this;
        }

        /**
         * How long a batch waits for more records before it is sent ({@code linger.ms}); default 5 ms. Longer means
         * bigger batches and fewer requests; 0 sends as soon as the sender is free. A full batch goes at once.
         */
        public Builder linger(Duration linger) {
            this.linger = requireNotNegative("linger", linger);
            return this;
        }

        /**
         * Bytes of records per partition batch, before compression ({@code batch.size}); default 16384. A record
         * larger than this gets a batch of its own.
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 128) {
                throw new IllegalArgumentException("batchSize must be at least 128 bytes, was " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Bytes the producer may hold for records not yet acknowledged ({@code buffer.memory}); default 32 MiB.
         * When it is full, {@code send} waits up to {@link #maxBlock}.
         */
        public Builder bufferMemory(long bufferMemory) {
            if (bufferMemory < 1024) {
                throw new IllegalArgumentException("bufferMemory must be at least 1024 bytes, was " + bufferMemory);
            }
            this.bufferMemory = bufferMemory;
            return this;
        }

        /**
         * How long {@code send} may wait for buffer memory ({@code max.block.ms}); default 60 s. 0 fails at once
         * with {@link BufferExhaustedException} when the buffer is full. {@code send} never waits for metadata.
         */
        public Builder maxBlock(Duration maxBlock) {
            this.maxBlock = requireNotNegative("maxBlock", maxBlock);
            return this;
        }

        /**
         * The upper bound from {@code send} to the record's acknowledgement, retries included
         * ({@code delivery.timeout.ms}); default 120 s. Must be at least {@code linger + requestTimeout}.
         */
        public Builder deliveryTimeout(Duration deliveryTimeout) {
            this.deliveryTimeout = requirePositive("deliveryTimeout", deliveryTimeout);
            return this;
        }

        /** How long one Produce request waits for its answer before it is retried ({@code request.timeout.ms}); default 30 s. */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requirePositive("requestTimeout", requestTimeout);
            return this;
        }

        /** The wait before a failed batch is sent again ({@code retry.backoff.ms}); default 100 ms. */
        public Builder retryBackoff(Duration retryBackoff) {
            this.retryBackoff = requirePositive("retryBackoff", retryBackoff);
            return this;
        }

        /**
         * Produce requests awaiting an answer per broker connection ({@code max.in.flight.requests.per.connection});
         * default 5, the most idempotence allows. Without idempotence, more than 1 lets retries reorder records.
         */
        public Builder maxInFlight(int maxInFlight) {
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
            }
            this.maxInFlight = maxInFlight;
            return this;
        }

        /** The largest Produce request, and so the largest record ({@code max.request.size}); default 1 MiB. */
        public Builder maxRequestSize(int maxRequestSize) {
            if (maxRequestSize < 1024) {
                throw new IllegalArgumentException("maxRequestSize must be at least 1024 bytes, was " + maxRequestSize);
            }
            this.maxRequestSize = maxRequestSize;
            return this;
        }

        /**
         * The codec batches are compressed with ({@code compression.type}); default {@link CompressionType#NONE}.
         * Each batch is compressed once, when it closes; the broker stores it as sent.
         */
        public Builder compression(CompressionType compression) {
            this.compression = Objects.requireNonNull(compression, "compression");
            return this;
        }

        /**
         * Picks the partition of records that name none ({@code partitioner.class}); default
         * {@link Partitioner#keyHash()}: murmur2 of the key, as Kafka's clients, and sticky for records without a
         * key.
         */
        public Builder partitioner(Partitioner partitioner) {
            this.partitioner = Objects.requireNonNull(partitioner, "partitioner");
            return this;
        }

        /**
         * Starts the producer: its network thread and callback thread. Connections open on the first send.
         *
         * @throws IllegalArgumentException when a setting is missing or settings contradict each other, naming them
         */
        public RunnelProducer build() {
            if (bootstrap == null) {
                throw new IllegalArgumentException("bootstrap is required: host:port of at least one broker");
            }
            boolean idempotence = idempotent == null ? acks == Acks.ALL : idempotent;
            if (idempotence && acks != Acks.ALL) {
                throw new IllegalArgumentException("idempotence needs acks ALL, but acks is " + acks);
            }
            if (idempotence && maxInFlight > 5) {
                throw new IllegalArgumentException("idempotence allows at most 5 requests in flight, not "
                        + maxInFlight);
            }
            if (deliveryTimeout.compareTo(linger.plus(requestTimeout)) < 0) {
                throw new IllegalArgumentException("deliveryTimeout " + deliveryTimeout.toMillis()
                        + " ms must be at least linger + requestTimeout (" + linger.plus(requestTimeout).toMillis()
                        + " ms)");
            }
            String id = clientId != null ? clientId : "runnel-producer-" + CLIENT_IDS.incrementAndGet();
            return new RunnelProducer(new ProducerSettings(bootstrap, id, acks, idempotence, linger, batchSize,
                    bufferMemory, maxBlock, deliveryTimeout, requestTimeout, retryBackoff, maxInFlight, maxRequestSize,
                    compression, partitioner != null ? partitioner : Partitioner.keyHash()));
        }

        private static Duration requireNotNegative(String name, Duration value) {
            if (value == null || value.isNegative()) {
                throw new IllegalArgumentException(name + " must be zero or positive, was " + value);
            }
            return value;
        }

        private static Duration requirePositive(String name, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + value);
            }
            return value;
        }
    }
}
