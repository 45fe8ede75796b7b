package io.runnel.broker.fetch;

import io.runnel.broker.log.AbortedTransaction;
import io.runnel.broker.log.LogSlice;
import io.runnel.protocol.ErrorCode;

import java.util.List;

/**
 * What one partition of a Fetch response carries: an error code, the offsets a consumer tracks, the aborted
 * transactions of the range read (read_committed), and the record batches as a slice of a segment file (empty when
 * there is nothing to send).
 *
 * @param error            NONE or the partition's error
 * @param highWatermark    the log end offset (one broker: everything appended is replicated), -1 with an error
 * @param lastStableOffset below it every transaction has ended; read_committed reads stop there; -1 with an error
 * @param logStartOffset   the first offset still in the log, -1 with an error
 * @param aborted          the aborted transactions overlapping the records returned (read_committed), else null
 * @param records          whole batches from the fetch offset on; owned by the response that holds this
 */
record PartitionRead(ErrorCode error, long highWatermark, long lastStableOffset, long logStartOffset,
                     List<AbortedTransaction> aborted, LogSlice records) {
    private static final long UNKNOWN = -1;

    static PartitionRead failed(ErrorCode error) {
        return new PartitionRead(error, UNKNOWN, UNKNOWN, UNKNOWN, null, LogSlice.empty());
    }
}
