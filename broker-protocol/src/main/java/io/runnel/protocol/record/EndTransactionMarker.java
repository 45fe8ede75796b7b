package io.runnel.protocol.record;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.runnel.protocol.MalformedMessageException;
import io.runnel.protocol.types.WireReader;

/**
 * The control batch that ends a transaction in one partition (Kafka's COMMIT / ABORT marker): a transactional
 * control batch of the producer's id and epoch, no sequence, holding one record whose key is
 * {@code int16 version (0), int16 type (0 ABORT, 1 COMMIT)} and whose value is
 * {@code int16 version (0), int32 coordinator epoch}.
 */
public final class EndTransactionMarker {
    /** The control record type of an ABORT marker. */
    public static final short ABORT = 0;
    /** The control record type of a COMMIT marker. */
    public static final short COMMIT = 1;
    /**
     * Bytes of a marker batch as {@link #write} writes it: the header and one record of 17 bytes (length,
     * attributes, two deltas, key length, 4-byte key, value length, 6-byte value, header count).
     */
    public static final int BATCH_SIZE = RecordBatch.HEADER_SIZE + 17;

    private static final short CURRENT_VERSION = 0;

    private EndTransactionMarker() {
    }

    /**
     * Writes a whole marker batch (base offset 0, CRC set) at {@code out}'s writer index.
     *
     * @return the bytes written
     */
    public static int write(ByteBuf out, long producerId, short producerEpoch, int coordinatorEpoch, boolean commit,
                            long timestamp) {
        ByteBuf key = Unpooled.buffer(4).writeShort(CURRENT_VERSION).writeShort(commit ? COMMIT : ABORT);
        ByteBuf value = Unpooled.buffer(6).writeShort(CURRENT_VERSION).writeInt(coordinatorEpoch);
        try (RecordBatchBuilder builder = new RecordBatchBuilder(ByteBufAllocator.DEFAULT)) {
            builder.producer(producerId, producerEpoch, RecordBatch.NO_SEQUENCE).transactional(true).control(true)
                    .append(timestamp, key, value);
            return builder.writeTo(out);
        }
    }

    /**
     * The control type of the marker batch starting at {@code index} of {@code buf}: {@link #COMMIT},
     * {@link #ABORT}, or -1 when the bytes there are not a readable marker (a control record of another kind, or
     * too short). Reads only the first record's key; the batch must be uncompressed, as control batches are.
     */
    public static short typeAt(ByteBuf buf, int index) {
        if (buf.writerIndex() - index < RecordBatch.HEADER_SIZE + 4) {
            return -1;
        }
        ByteBuf record = buf.slice(index + RecordBatch.RECORDS_OFFSET,
                Math.min(buf.writerIndex() - index - RecordBatch.RECORDS_OFFSET, 32));
        try {
            WireReader.readVarint(record); // record length
            record.readByte(); // attributes
            WireReader.readVarlong(record); // timestamp delta
            WireReader.readVarint(record); // offset delta
            int keyLength = WireReader.readVarint(record);
            if (keyLength < 4) {
                return -1;
            }
            record.readShort(); // key version
            short type = record.readShort();
            return type == COMMIT || type == ABORT ? type : -1;
        } catch (MalformedMessageException | IndexOutOfBoundsException notAMarker) {
            return -1;
        }
    }
}
