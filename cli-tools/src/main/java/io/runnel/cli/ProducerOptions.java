package io.runnel.cli;

import io.runnel.client.Acks;
import io.runnel.client.CompressionType;
import io.runnel.client.RunnelProducerBuilder;
import picocli.CommandLine.Option;

import java.time.Duration;

/** The producer settings {@code produce} and {@code perf produce} share: a picocli mixin. */
public final class ProducerOptions {
    @Option(names = "--acks", paramLabel = "all|1|0", defaultValue = "all", converter = AcksConverter.class,
            description = "Acknowledgements to wait for (default all, idempotent).")
    Acks acks;

    @Option(names = "--compression", paramLabel = "none|gzip|snappy|lz4|zstd", defaultValue = "none",
            description = "Batch compression (default none).")
    CompressionType compression;

    /**
     * A producer builder with these settings, bounded by {@code timeout}: each request, the wait for buffer space,
     * and each record's delivery (plus the linger).
     */
    public RunnelProducerBuilder builder(ClientOptions client, String clientId, Duration linger) {
        return client.secured(io.runnel.client.RunnelProducer.builder().bootstrap(client.bootstrap())
                .clientId(clientId).acks(acks).idempotent(acks == Acks.ALL).compression(compression).linger(linger)
                .requestTimeout(client.timeout()).maxBlock(client.timeout())
                .deliveryTimeout(client.timeout().plus(linger).plusMillis(100)));
    }
}
