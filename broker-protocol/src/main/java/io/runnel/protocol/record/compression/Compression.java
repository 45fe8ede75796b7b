package io.runnel.protocol.record.compression;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.runnel.protocol.MalformedMessageException;

/**
 * A compression codec of record batches, identified by attribute bits 0-2 of the batch: 0 none, 1 gzip, 2 snappy,
 * 3 lz4, 4 zstd. A compressed batch holds its records, concatenated, as one compressed stream after the header.
 * The broker never decompresses; clients do, through this interface.
 */
public interface Compression {
    int NONE_ID = 0;
    int GZIP_ID = 1;
    int SNAPPY_ID = 2;
    int LZ4_ID = 3;
    int ZSTD_ID = 4;

    /** The id in the batch attributes. */
    int id();

    /** Kafka's name for the codec (the compression.type value). */
    String name();

    /** Compresses the readable bytes of {@code src} (its reader index does not move) and appends them to {@code dst}. */
    void compress(ByteBuf src, ByteBuf dst);

    /**
     * Decompresses the readable bytes of {@code src} (its reader index does not move) into a new buffer from
     * {@code alloc}, which the caller releases.
     *
     * @throws MalformedMessageException when the data is corrupt or would decompress to more than
     *                                   {@code maxBytes}
     */
    ByteBuf decompress(ByteBuf src, ByteBufAllocator alloc, int maxBytes);

    static Compression none() {
        return NoCompression.INSTANCE;
    }

    static Compression gzip() {
        return GzipCompression.INSTANCE;
    }

    /**
     * The codec with this id.
     *
     * @throws UnsupportedCompressionException for snappy, lz4 and zstd, which Runnel does not implement yet
     * @throws IllegalArgumentException        for an id Kafka does not define (5-7 or outside 0-7)
     */
    static Compression forId(int id) {
        switch (id) {
            case NONE_ID:
                return NoCompression.INSTANCE;
            case GZIP_ID:
                return GzipCompression.INSTANCE;
            case SNAPPY_ID:
                throw new UnsupportedCompressionException(id, "snappy");
            case LZ4_ID:
                throw new UnsupportedCompressionException(id, "lz4");
            case ZSTD_ID:
                throw new UnsupportedCompressionException(id, "zstd");
            default:
                throw new IllegalArgumentException("no compression codec has id " + id + " (Kafka defines 0-4)");
        }
    }
}
