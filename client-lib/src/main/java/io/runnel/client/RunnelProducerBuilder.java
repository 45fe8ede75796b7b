package io.runnel.client;

import io.runnel.client.internal.producer.ProducerSettings;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Configures a {@link RunnelProducer}. Every setting but {@link #bootstrap(String)} has Kafka's producer default;
 * Kafka's config name is given for each.
 */
public final class RunnelProducerBuilder {
    private static final AtomicInteger CLIENT_IDS = new AtomicInteger();

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
    private Security security;
    private Sasl sasl;

    RunnelProducerBuilder() {
    }

    /** Required: {@code host:port[,host:port...]} of brokers to start from ({@code bootstrap.servers}). */
    public RunnelProducerBuilder bootstrap(String servers) {
        this.bootstrap = Objects.requireNonNull(servers, "bootstrap");
        return this;
    }

    /**
     * TLS for an SSL or SASL_SSL listener ({@code security.protocol=SSL}, {@code ssl.truststore.*}); default: plain
     * TCP.
     */
    public RunnelProducerBuilder security(Security value) {
        this.security = Objects.requireNonNull(value, "security");
        return this;
    }

    /**
     * SASL credentials for a SASL_PLAINTEXT or SASL_SSL listener ({@code sasl.mechanism}, {@code sasl.jaas.config});
     * default: none.
     */
    public RunnelProducerBuilder sasl(Sasl value) {
        this.sasl = Objects.requireNonNull(value, "sasl");
        return this;
    }

    /** The client id sent to brokers and used in thread names ({@code client.id}); default {@code runnel-producer-N}. */
    public RunnelProducerBuilder clientId(String clientId) {
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        return this;
    }

    /**
     * How many acknowledgements a send waits for ({@code acks}); default {@link Acks#ALL}, which on Runnel means
     * the record is fsynced. {@link Acks#NONE} is fast and may lose data. Idempotence needs {@link Acks#ALL}:
     * with another level it is off unless asked for explicitly, which is then an error.
     */
    public RunnelProducerBuilder acks(Acks acks) {
        this.acks = Objects.requireNonNull(acks, "acks");
        return this;
    }

    /**
     * Whether retries can never duplicate or reorder records ({@code enable.idempotence}); default true (with
     * {@link Acks#ALL}). Costs one InitProducerId request at start and nothing per record.
     */
    public RunnelProducerBuilder idempotent(boolean idempotent) {
        this.idempotent = idempotent;
        return this;
    }

    /**
     * How long a batch waits for more records before it is sent ({@code linger.ms}); default 5 ms. Longer means
     * bigger batches and fewer requests; 0 sends as soon as the sender is free. A full batch goes at once.
     */
    public RunnelProducerBuilder linger(Duration linger) {
        this.linger = requireNotNegative("linger", linger);
        return this;
    }

    /**
     * Bytes of records per partition batch, before compression ({@code batch.size}); default 16384. A record
     * larger than this gets a batch of its own.
     */
    public RunnelProducerBuilder batchSize(int batchSize) {
        if (batchSize < 128) {
            throw new IllegalArgumentException("batchSize must be at least 128 bytes, was " + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    /**
     * Bytes the producer may hold for records not yet acknowledged ({@code buffer.memory}); default 32 MiB.
     * When it is full, {@code send} waits up to {@link #maxBlock(Duration)}.
     */
    public RunnelProducerBuilder bufferMemory(long bufferMemory) {
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
    public RunnelProducerBuilder maxBlock(Duration maxBlock) {
        this.maxBlock = requireNotNegative("maxBlock", maxBlock);
        return this;
    }

    /**
     * The upper bound from {@code send} to the record's acknowledgement, retries included
     * ({@code delivery.timeout.ms}); default 120 s. Must be at least {@code linger + requestTimeout}.
     */
    public RunnelProducerBuilder deliveryTimeout(Duration deliveryTimeout) {
        this.deliveryTimeout = requirePositive("deliveryTimeout", deliveryTimeout);
        return this;
    }

    /** How long one Produce request waits for its answer before it is retried ({@code request.timeout.ms}); default 30 s. */
    public RunnelProducerBuilder requestTimeout(Duration requestTimeout) {
        this.requestTimeout = requirePositive("requestTimeout", requestTimeout);
        return this;
    }

    /** The wait before a failed batch is sent again ({@code retry.backoff.ms}); default 100 ms. */
    public RunnelProducerBuilder retryBackoff(Duration retryBackoff) {
        this.retryBackoff = requirePositive("retryBackoff", retryBackoff);
        return this;
    }

    /**
     * Produce requests awaiting an answer per broker connection ({@code max.in.flight.requests.per.connection});
     * default 5, the most idempotence allows. Without idempotence, more than 1 lets retries reorder records.
     */
    public RunnelProducerBuilder maxInFlight(int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
        return this;
    }

    /** The largest Produce request, and so the largest record ({@code max.request.size}); default 1 MiB. */
    public RunnelProducerBuilder maxRequestSize(int maxRequestSize) {
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
    public RunnelProducerBuilder compression(CompressionType compression) {
        this.compression = Objects.requireNonNull(compression, "compression");
        return this;
    }

    /**
     * Picks the partition of records that name none ({@code partitioner.class}); default
     * {@link Partitioner#keyHash()}: murmur2 of the key, as Kafka's clients, and sticky for records without a
     * key.
     */
    public RunnelProducerBuilder partitioner(Partitioner partitioner) {
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
                compression, partitioner != null ? partitioner : Partitioner.keyHash(),
                ClientSecurity.of(security, sasl)));
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
