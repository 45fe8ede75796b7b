package io.runnel.client;

import io.netty.buffer.PooledByteBufAllocator;
import io.runnel.client.internal.compression.Codecs;
import io.runnel.client.internal.metadata.MetadataManager;
import io.runnel.client.internal.net.ClientNetwork;
import io.runnel.client.internal.net.ClientNetworkConfig;
import io.runnel.client.internal.producer.AppendOutcome;
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
 * on the network thread, so a callback that blocks delays only later callbacks, not sending (a callback
 * attached to a future that already completed runs at once on the attaching thread, as with any
 * {@code CompletableFuture}). Futures of one partition complete in the order the records were sent. From a
 * callback, do not call {@link #sendSync} or {@link #flush} (they would wait for the very thread they run on, and
 * throw {@link IllegalStateException}); {@link #send} is fine.
 *
 * <h2>Delivery</h2>
 * With idempotence (the default), a record that is retried is written once and in order, even across broker
 * restarts and lost connections: the broker recognises a resent batch by its producer id and sequence number.
 * Retries of retriable errors continue, with {@code retryBackoff} between them, until {@code deliveryTimeout}
 * after {@code send}; then the future fails with a {@link RunnelTimeoutException} naming the last error.
 */
public final class RunnelProducer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunnelProducer.class);
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

    /** Starts a producer; {@link RunnelProducerBuilder#build()} calls this with validated settings. */
    RunnelProducer(ProducerSettings settings) {
        this.settings = settings;
        this.maxBlockNanos = settings.maxBlock().toNanos();
        this.network = new ClientNetwork(ClientNetworkConfig.builder(settings.bootstrap())
                .clientId(settings.clientId())
                .requestTimeout(settings.requestTimeout())
                .maxInFlight(settings.maxInFlight())
                .security(settings.security())
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

    /** A builder; only {@link RunnelProducerBuilder#bootstrap(String)} is required. */
    public static RunnelProducerBuilder builder() {
        return new RunnelProducerBuilder();
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
            AppendOutcome result = accumulator.append(record, timestamp, future, maxBlockNanos);
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
}
