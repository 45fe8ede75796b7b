package io.runnel.client;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One record header: a non-null key and a value that may be null, as Kafka's record format carries them. The
 * producer writes headers into the record batch; the consumer hands them back in the order they were written.
 *
 * <p>The value array is kept as given, not copied: do not change it after handing it over.
 *
 * @param key   the header key, never null (written as UTF-8)
 * @param value the header value, or null
 */
public record Header(String key, byte[] value) {
    /** Checks that the key is there. */
    public Header {
        Objects.requireNonNull(key, "header key");
    }

    /** A header whose value is the given bytes (null allowed). */
    public static Header of(String key, byte[] value) {
        return new Header(key, value);
    }

    /** A header whose value is the UTF-8 encoding of {@code value} (null allowed). */
    public static Header of(String key, String value) {
        return new Header(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** The value decoded as UTF-8, or null when the value is null. */
    public String valueAsString() {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /** Equal when the keys are equal and the values hold the same bytes. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Header other && key.equals(other.key) && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Header(" + key + ", " + (value == null ? "null" : value.length + " bytes") + ")";
    }
}
