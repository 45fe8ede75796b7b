package io.runnel.broker.log;

/** An answer to ListOffsets: an offset and the timestamp of the record there (-1 when not applicable). */
public record TimestampAndOffset(long timestamp, long offset) {
}
