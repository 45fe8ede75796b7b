package io.runnel.broker.produce;

import io.netty.buffer.ByteBuf;
import io.runnel.broker.log.LogConfig;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.MalformedMessageException;
import io.runnel.protocol.record.InvalidRecordBatchException;
import io.runnel.protocol.record.RecordBatch;
import io.runnel.protocol.record.RecordBatchValidator;
import io.runnel.protocol.record.RecordCheck;
import io.runnel.protocol.record.RecordView;
import io.runnel.protocol.record.TimestampType;
import io.runnel.protocol.record.compression.Compression;

/**
 * Kafka's rules for the records of one Produce partition, checked before anything of the request is appended:
 * <ol>
 *   <li>v3+ carries exactly one record batch per partition (none or several: INVALID_RECORD; a batch cut short:
 *       CORRUPT_MESSAGE);</li>
 *   <li>its size (log overhead included) is at most the topic's {@code max.message.bytes}
 *       (MESSAGE_TOO_LARGE), checked before any byte is hashed;</li>
 *   <li>magic 2, CRC-32C, counts and, for an uncompressed batch, every record's framing
 *       ({@link RecordBatchValidator}: CORRUPT_MESSAGE or INVALID_RECORD);</li>
 *   <li>the base offset a client sends is 0, and clients never write control batches (INVALID_RECORD); zstd needs
 *       Produce v7+ (UNSUPPORTED_COMPRESSION_TYPE);</li>
 *   <li>a compacted topic refuses records without a key (INVALID_RECORD);</li>
 *   <li>with CreateTime, timestamps within {@code message.timestamp.before.max.ms} / {@code after.max.ms} of the
 *       broker's clock (INVALID_TIMESTAMP), and a client may not claim LogAppendTime.</li>
 * </ol>
 * Record rules (keys, per-record timestamps) run during the validator's one walk over an uncompressed batch. The
 * broker never decompresses, so in a compressed batch keys are not checked and timestamps are checked through
 * the header only: the max timestamp against both bounds and the base (first) timestamp against the lower one.
 *
 * <p>Not thread-safe: one instance per thread, reused; the success path allocates nothing.
 */
public final class ProduceRecordsValidator implements RecordCheck {
    private final RecordBatchValidator batches = new RecordBatchValidator();
    private final RecordBatch header = new RecordBatch();

    private boolean checkKeys;
    private boolean checkTimestamps;
    private long nowMs;
    private long beforeMaxMs;
    private long afterMaxMs;

    /**
     * Checks the records of one partition.
     *
     * @param records the partition's records field (null when the client sent null)
     * @param version the Produce request version
     * @param config  the topic's settings
     * @param nowMs   the broker's clock, for the timestamp bounds
     * @return null when the records may be appended, else the partition's error
     */
    public PartitionError validate(ByteBuf records, short version, LogConfig config, long nowMs) {
        if (records == null || !records.isReadable()) {
            return PartitionError.of(ErrorCode.INVALID_RECORD, "Produce v" + version
                    + " needs exactly one record batch per partition, but the records are empty");
        }
        int start = records.readerIndex();
        int available = records.readableBytes();
        int size;
        try {
            size = RecordBatch.sizeAt(records, start);
        } catch (MalformedMessageException e) {
            return PartitionError.of(ErrorCode.CORRUPT_MESSAGE, e.getMessage());
        }
        if (size < 0 || size > available) {
            return PartitionError.of(ErrorCode.CORRUPT_MESSAGE, "the record batch is cut short: "
                    + (size < 0 ? "its length" : size + " bytes") + " announced, " + available + " sent");
        }
        if (size < available) {
            return PartitionError.of(ErrorCode.INVALID_RECORD, "Produce v" + version + " allows exactly one record "
                    + "batch per partition, but " + (available - size) + " bytes follow the first one");
        }
        if (size > config.maxMessageBytes()) {
            return PartitionError.of(ErrorCode.MESSAGE_TOO_LARGE, "the record batch of " + size
                    + " bytes is larger than max.message.bytes=" + config.maxMessageBytes());
        }
        this.checkKeys = config.compactEnabled();
        this.checkTimestamps = !config.logAppendTime();
        this.nowMs = nowMs;
        this.beforeMaxMs = config.timestampBeforeMaxMs();
        this.afterMaxMs = config.timestampAfterMaxMs();
        try {
            batches.validateBatch(records, start, start + size, checkKeys || checkTimestamps ? this : null);
        } catch (InvalidRecordBatchException e) {
            return PartitionError.of(e.errorCode(), e.getMessage());
        } catch (RecordRejectedException e) {
            return e.toPartitionError();
        }
        return checkHeader(header.wrap(records, start), version);
    }

    private PartitionError checkHeader(RecordBatch batch, short version) {
        if (batch.baseOffset() != 0) {
            return PartitionError.of(ErrorCode.INVALID_RECORD, "a producer's record batch has base offset 0, not "
                    + batch.baseOffset());
        }
        if (batch.isControl()) {
            return PartitionError.of(ErrorCode.INVALID_RECORD, "clients may not write control batches");
        }
        if (batch.compressionId() == Compression.ZSTD_ID && version < 7) {
            return PartitionError.of(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE, "zstd compression needs Produce v7 or "
                    + "newer, not v" + version);
        }
        if (!checkTimestamps) {
            return null;
        }
        if (batch.timestampType() == TimestampType.LOG_APPEND_TIME) {
            return PartitionError.of(ErrorCode.INVALID_TIMESTAMP, "the batch claims LogAppendTime but the topic "
                    + "uses CreateTime: only the broker stamps append times");
        }
        String late = outOfBounds(batch.maxTimestamp());
        if (late != null) {
            return PartitionError.of(ErrorCode.INVALID_TIMESTAMP, "the batch's max " + late);
        }
        if (batch.isCompressed()) {
            String early = outOfBounds(batch.baseTimestamp());
            if (early != null) {
                return PartitionError.of(ErrorCode.INVALID_TIMESTAMP, "the batch's first " + early);
            }
        }
        return null;
    }

    /** Runs on each record of an uncompressed batch, inside the validator's walk. */
    @Override
    public void check(RecordBatch batch, RecordView record, int index) {
        if (checkKeys && record.keyLength() < 0) {
            throw new RecordRejectedException(ErrorCode.INVALID_RECORD, index, "record " + index
                    + " has no key, which a compacted topic needs");
        }
        if (checkTimestamps) {
            String problem = outOfBounds(record.timestamp());
            if (problem != null) {
                throw new RecordRejectedException(ErrorCode.INVALID_TIMESTAMP, index, "record " + index + ": "
                        + problem);
            }
        }
    }

    /** Null when {@code ts} is within the bounds (or absent, -1), else what is wrong with it. */
    private String outOfBounds(long ts) {
        if (ts == RecordBatch.NO_TIMESTAMP) {
            return null;
        }
        // Neither side can overflow: now >= 0 and both bounds are >= 0 (now + bound could, with Long.MAX_VALUE).
        // Long.MAX_VALUE, the default, means any past time, even one more than that far back.
        if (beforeMaxMs != Long.MAX_VALUE && ts < nowMs - beforeMaxMs) {
            return "timestamp " + ts + " is more than message.timestamp.before.max.ms=" + beforeMaxMs
                    + " ms before the broker's time " + nowMs;
        }
        if (ts > nowMs && ts - nowMs > afterMaxMs) {
            return "timestamp " + ts + " is " + (ts - nowMs) + " ms after the broker's time " + nowMs
                    + ", more than message.timestamp.after.max.ms=" + afterMaxMs;
        }
        return null;
    }
}
