package io.runnel.broker.coordinator;

import io.netty.buffer.ByteBuf;

/**
 * The record format of one coordinator's state topic, which the coordinator plugs into its {@link StateTopic}: how a
 * state record becomes a key and a value, and back. A record whose value is absent is a tombstone: it deletes its
 * key when the topic is replayed or compacted.
 *
 * @param <R> the coordinator's record type
 */
public interface StateRecordCodec<R> {

    /** Writes the record's key. */
    void writeKey(R record, ByteBuf out);

    /** Writes the record's value and returns true, or writes nothing and returns false for a tombstone. */
    boolean writeValue(R record, ByteBuf out);

    /**
     * Decodes one record read back from the topic.
     *
     * @param value the value, or null for a tombstone
     * @throws io.runnel.protocol.MalformedMessageException or {@link IllegalArgumentException} for bytes that are
     *                                                      not a record of this format
     */
    R read(ByteBuf key, ByteBuf value);
}
