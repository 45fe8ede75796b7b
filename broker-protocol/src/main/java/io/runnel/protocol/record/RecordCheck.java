package io.runnel.protocol.record;

/**
 * A caller's own rule for each record of an uncompressed batch, run by
 * {@link RecordBatchValidator#validateBatch(io.netty.buffer.ByteBuf, int, int, RecordCheck)} during the walk it
 * already makes, so that the records are parsed once. A rule reports a violation by throwing; the validator
 * lets the exception through unchanged.
 */
@FunctionalInterface
public interface RecordCheck {
    /**
     * Checks one record.
     *
     * @param batch  the batch being validated (its header is already trusted)
     * @param record the record, valid only during the call
     * @param index  the record's position in the batch, from 0
     */
    void check(RecordBatch batch, RecordView record, int index);
}
