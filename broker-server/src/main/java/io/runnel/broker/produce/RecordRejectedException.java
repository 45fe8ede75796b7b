package io.runnel.broker.produce;

import io.runnel.protocol.ErrorCode;

/** One record of a batch breaks a topic rule (a compacted topic's key, a timestamp bound); thrown mid-validation. */
final class RecordRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ErrorCode code;
    private final int recordIndex;

    RecordRejectedException(ErrorCode code, int recordIndex, String message) {
        super(message, null, false, false);
        this.code = code;
        this.recordIndex = recordIndex;
    }

    PartitionError toPartitionError() {
        return new PartitionError(code, getMessage(), recordIndex);
    }
}
