package io.runnel.protocol.record;

import java.util.Arrays;
import java.util.Objects;

/** One record header for {@link RecordBatchBuilder}: a non-null UTF-8 key and a value that may be null. */
public record RecordHeader(String key, byte[] value) {
    public RecordHeader {
        Objects.requireNonNull(key, "header key");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordHeader other && key.equals(other.key) && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "RecordHeader(" + key + ", " + (value == null ? "null" : value.length + " bytes") + ")";
    }
}
