package io.runnel.client.internal.compression;

import io.runnel.client.CompressionType;
import io.runnel.protocol.record.compression.Compression;

/**
 * Kafka's five record-batch codecs, each a {@link Compression}: none and gzip from broker-protocol, snappy, lz4 and
 * zstd implemented here with the libraries Kafka's own client uses. {@link #forId} is the lookup a
 * {@link io.runnel.protocol.record.RecordReader} takes to decode batches of any codec. Stateless; any thread.
 */
public final class Codecs {
    private Codecs() {
    }

    /**
     * The codec with this batch-attribute id.
     *
     * @throws IllegalArgumentException for an id Kafka does not define (outside 0-4)
     */
    public static Compression forId(int id) {
        return switch (id) {
            case Compression.NONE_ID -> Compression.none();
            case Compression.GZIP_ID -> Compression.gzip();
            case Compression.SNAPPY_ID -> SnappyCodec.INSTANCE;
            case Compression.LZ4_ID -> Lz4FrameCodec.INSTANCE;
            case Compression.ZSTD_ID -> ZstdCodec.INSTANCE;
            default -> throw new IllegalArgumentException("no compression codec has id " + id + " (Kafka defines 0-4)");
        };
    }

    /** The codec for a public {@link CompressionType}. */
    public static Compression of(CompressionType type) {
        return forId(type.id());
    }
}
