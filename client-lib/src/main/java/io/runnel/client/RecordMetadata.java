package io.runnel.client;

/**
 * Where the broker stored a record: what a producer's future completes with once the record is acknowledged.
 *
 * @param topic     the record's topic
 * @param partition the partition it was appended to
 * @param offset    its offset in that partition, or -1 when unknown ({@link Acks#NONE}, or a retried batch the
 *                  broker recognised as a duplicate whose original offset it no longer remembers)
 * @param timestamp the record's timestamp: the create time the producer wrote, or the broker's append time
 *                  when the topic uses {@code message.timestamp.type=LogAppendTime}
 */
public record RecordMetadata(String topic, int partition, long offset, long timestamp) {
    /** Whether the offset is known (it is not with {@link Acks#NONE}). */
    public boolean hasOffset() {
        return offset >= 0;
    }
}
