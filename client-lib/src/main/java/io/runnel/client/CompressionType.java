package io.runnel.client;

import java.util.Locale;

/**
 * The codecs Kafka defines for record batches. A producer compresses whole batches with one of them; a consumer
 * decodes all five whatever it was configured with.
 */
public enum CompressionType {
    /** Records stored as they are. */
    NONE(0, "none"),
    /** gzip (RFC 1952), with the JDK's zlib: small output, the most CPU. */
    GZIP(1, "gzip"),
    /** Snappy in xerial's framing (snappy-java), as Kafka writes it. */
    SNAPPY(2, "snappy"),
    /** LZ4 frames with independent 64 KiB blocks (lz4-java), as Kafka writes them: the fastest. */
    LZ4(3, "lz4"),
    /** Zstandard frames (zstd-jni): near gzip's ratio at a fraction of its CPU. */
    ZSTD(4, "zstd");

    private final int id;
    private final String kafkaName;

    CompressionType(int id, String kafkaName) {
        this.id = id;
        this.kafkaName = kafkaName;
    }

    /** The codec id stored in bits 0-2 of a batch's attributes. */
    public int id() {
        return id;
    }

    /** The name Kafka uses for it, the value of its {@code compression.type} setting. */
    public String kafkaName() {
        return kafkaName;
    }

    /**
     * The codec with this id.
     *
     * @throws IllegalArgumentException for an id outside 0-4
     */
    public static CompressionType forId(int id) {
        for (CompressionType type : values()) {
            if (type.id == id) {
                return type;
            }
        }
        throw new IllegalArgumentException("no compression type has id " + id + " (Kafka defines 0-4)");
    }

    /**
     * The codec with this Kafka name ({@code none}, {@code gzip}, {@code snappy}, {@code lz4}, {@code zstd}),
     * case-insensitive.
     *
     * @throws IllegalArgumentException for any other name
     */
    public static CompressionType forName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (CompressionType type : values()) {
            if (type.kafkaName.equals(lower)) {
                return type;
            }
        }
        throw new IllegalArgumentException("no compression type is named '" + name
                + "' (none, gzip, snappy, lz4, zstd)");
    }
}
