package io.runnel.broker.fetch;

import io.runnel.broker.log.AbortedTransaction;
import io.runnel.broker.log.LogManager;
import io.runnel.broker.log.LogSlice;
import io.runnel.broker.log.PartitionLog;
import io.runnel.protocol.ErrorCode;

import java.util.List;

/**
 * Reads the partitions of a {@link FetchPlan} into a response, within the fetch's byte limits: each partition up
 * to its own max bytes and what is left of the response's max bytes, whole batches only, starting with the batch
 * that contains the fetch offset; a read_committed fetch only up to the last stable offset, with the aborted
 * transactions of the range read. KIP-74: until some partition has returned data, a first batch larger than the
 * limits is returned whole, so a consumer always makes progress.
 *
 * <p>Stateless and lock-free (log reads take no lock and do no file work beyond reading): any thread may read,
 * including an appender waking a parked fetch. A partition whose read fails gets its error code from
 * {@link ReadErrors}: the log closed under the read (its topic was deleted) is UNKNOWN_TOPIC_OR_PARTITION, an I/O
 * failure KAFKA_STORAGE_ERROR, anything else a logged UNKNOWN_SERVER_ERROR.
 */
final class FetchReader {
    private final LogManager logs;

    FetchReader(LogManager logs) {
        this.logs = logs;
    }

    /** Reads every partition of {@code plan}; the caller owns the result and must release it. */
    FetchResponseBody read(FetchPlan plan) {
        PartitionRead[] reads = new PartitionRead[plan.partitionCount()];
        long remaining = Math.max(0, plan.maxBytes());
        boolean nothingYet = true;
        int i = 0;
        try {
            for (FetchPlan.Topic topic : plan.topics()) {
                for (FetchPlan.Partition partition : topic.partitions()) {
                    int limit = (int) Math.min(Math.max(0, partition.maxBytes), remaining);
                    PartitionRead read = readPartition(partition, limit, nothingYet, plan.readCommitted());
                    reads[i++] = read;
                    int length = read.records().length();
                    if (length > 0) {
                        nothingYet = false;
                        remaining = Math.max(0, remaining - length);
                    }
                }
            }
        } catch (RuntimeException e) {
            for (int j = 0; j < i; j++) {
                reads[j].records().release();
            }
            throw e;
        }
        return FetchResponseBody.of(plan, reads);
    }

    private PartitionRead readPartition(FetchPlan.Partition partition, int limit, boolean minOneBatch,
                                        boolean readCommitted) {
        if (partition.error != null) {
            return PartitionRead.failed(partition.error);
        }
        PartitionLog log = logs.log(partition.topicPartition);
        if (log == null) {
            return PartitionRead.failed(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        }
        partition.endSeen = log.logEndOffset();
        // read_committed stops at the last stable offset read now; it only moves forward.
        long stable = readCommitted ? log.transactions().lastStableOffset() : Long.MAX_VALUE;
        LogSlice slice;
        List<AbortedTransaction> aborted = null;
        try {
            slice = log.read(partition.fetchOffset, limit, minOneBatch, stable);
            if (readCommitted) {
                aborted = slice.length() > 0
                        ? log.transactions().abortedTransactions(partition.fetchOffset, stable) : List.of();
            }
        } catch (RuntimeException e) {
            return PartitionRead.failed(ReadErrors.code(e, "Fetch of " + partition.topicPartition + " at offset "
                    + partition.fetchOffset));
        }
        // Read after the slice: the read bounded itself by a log end offset published together with the bytes it
        // returned, and the log end offset never goes back, so the high watermark covers every batch in the slice.
        long highWatermark = log.logEndOffset();
        return new PartitionRead(ErrorCode.NONE, highWatermark,
                readCommitted ? stable : log.transactions().lastStableOffset(), log.logStartOffset(), aborted, slice);
    }
}
