package io.runnel.broker.coordinator;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.runnel.broker.log.LogSlice;
import io.runnel.broker.log.PartitionLog;
import io.runnel.protocol.MalformedMessageException;
import io.runnel.protocol.record.RecordBatch;
import io.runnel.protocol.record.RecordReader;
import io.runnel.protocol.record.RecordView;

import io.runnel.protocol.record.EndTransactionMarker;

/**
 * Reads a partition of a state topic from its log start to its end and hands every record, decoded, to a sink in
 * offset order, telling records of transactional batches (with their producer id) and transaction markers apart;
 * records without a key are skipped. A record that cannot be decoded throws an
 * exception naming the partition and offset: skipping it could silently bring back an older value or a deleted key.
 */
final class StateTopicReader<R> {
    private static final int READ_BYTES = 1 << 20;

    private final StateRecordCodec<R> codec;
    private final RecordBatch batch = new RecordBatch();
    private long records;

    StateTopicReader(StateRecordCodec<R> codec) {
        this.codec = codec;
    }

    /** Reads one partition log. */
    void replay(PartitionLog log, StateTopic.ReplaySink<R> sink) {
        long offset = log.logStartOffset();
        long end = log.logEndOffset();
        try (RecordReader reader = new RecordReader()) {
            while (offset < end) {
                LogSlice slice = log.read(offset, READ_BYTES, true);
                ByteBuf bytes = Unpooled.buffer(slice.length());
                try {
                    slice.readInto(bytes);
                } finally {
                    slice.release();
                }
                try {
                    long next = replayBatches(log, bytes, offset, reader, sink);
                    if (next <= offset) {
                        throw new IllegalStateException("state topic partition " + log.topicPartition()
                                + " returned no batch at offset " + offset + " below its end " + end);
                    }
                    offset = next;
                } finally {
                    bytes.release();
                }
            }
        }
    }

    /** Records handed to the sink so far. */
    long records() {
        return records;
    }

    /** Applies every whole batch in {@code bytes}; returns the offset after the last one. */
    private long replayBatches(PartitionLog log, ByteBuf bytes, long from, RecordReader reader,
                               StateTopic.ReplaySink<R> sink) {
        long next = from;
        int index = 0;
        while (bytes.writerIndex() - index >= RecordBatch.HEADER_SIZE) {
            int size = RecordBatch.sizeAt(bytes, index);
            if (size < RecordBatch.HEADER_SIZE || size > bytes.writerIndex() - index) {
                break;
            }
            batch.wrap(bytes, index);
            if (batch.isControl()) {
                short type = EndTransactionMarker.typeAt(bytes, index);
                if (type >= 0 && batch.baseOffset() >= from) {
                    sink.marker(batch.producerId(), type == EndTransactionMarker.COMMIT);
                }
            } else {
                try {
                    reader.reset(batch);
                    while (reader.hasNext()) {
                        RecordView record = reader.next();
                        if (record.offset() >= from) {
                            apply(log, record, batch.isTransactional() ? batch.producerId() : -1, sink);
                        }
                    }
                } catch (MalformedMessageException e) {
                    throw new IllegalStateException("Cannot read the batch at offset " + batch.baseOffset() + " of "
                            + log.topicPartition() + ": " + e.getMessage(), e);
                }
            }
            next = Math.max(next, batch.nextOffset());
            index += size;
        }
        return next;
    }

    private void apply(PartitionLog log, RecordView record, long transactionalProducerId,
                       StateTopic.ReplaySink<R> sink) {
        ByteBuf key = record.key();
        if (key == null) {
            return;
        }
        R decoded;
        try {
            decoded = codec.read(key, record.value());
        } catch (MalformedMessageException | IllegalArgumentException e) {
            throw new IllegalStateException("Cannot read the record at offset " + record.offset() + " of "
                    + log.topicPartition() + ": " + e.getMessage(), e);
        }
        if (transactionalProducerId >= 0) {
            sink.transactionalRecord(transactionalProducerId, decoded);
        } else {
            sink.record(decoded);
        }
        records++;
    }
}
