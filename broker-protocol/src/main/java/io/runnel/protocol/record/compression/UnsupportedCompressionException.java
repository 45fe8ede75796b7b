package io.runnel.protocol.record.compression;

/** A batch uses a codec Kafka defines but Runnel does not implement (yet): snappy, lz4 or zstd. */
public class UnsupportedCompressionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int compressionId;

    public UnsupportedCompressionException(int compressionId, String name) {
        super("compression " + name + " (id " + compressionId + ") is not implemented by Runnel; "
                + "only none (0) and gzip (1) are");
        this.compressionId = compressionId;
    }

    public int compressionId() {
        return compressionId;
    }
}
