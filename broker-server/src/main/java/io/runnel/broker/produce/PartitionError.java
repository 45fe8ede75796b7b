package io.runnel.broker.produce;

import io.runnel.protocol.ErrorCode;

/**
 * Why one partition of a Produce request is refused: Kafka's error code, a message for the response's
 * error_message (v8+) and logs, and the index of the offending record inside the batch when one record is to
 * blame (the response's record_errors), else -1.
 */
public record PartitionError(ErrorCode code, String message, int recordIndex) {
    public static PartitionError of(ErrorCode code, String message) {
        return new PartitionError(code, message, -1);
    }
}
