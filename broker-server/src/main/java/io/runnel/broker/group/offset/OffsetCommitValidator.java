package io.runnel.broker.group.offset;

import io.runnel.protocol.ErrorCode;

/**
 * Decides, partition by partition, whether an OffsetCommit that passed the member checks may be written. Obtained from
 * {@link OffsetFence#commit}; use it within the same event.
 */
@FunctionalInterface
public interface OffsetCommitValidator {

    /** Accepts every partition. */
    OffsetCommitValidator ACCEPT_ALL = (topic, partition) -> ErrorCode.NONE;

    /** Refuses every partition with {@code error}. */
    static OffsetCommitValidator refuseAll(ErrorCode error) {
        return (topic, partition) -> error;
    }

    /** {@link ErrorCode#NONE} when the offset of {@code topic}-{@code partition} may be committed, else the error. */
    ErrorCode check(String topic, int partition);
}
