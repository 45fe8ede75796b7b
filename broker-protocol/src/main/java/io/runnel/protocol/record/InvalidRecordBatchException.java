package io.runnel.protocol.record;

import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.MalformedMessageException;

/**
 * A record batch failed validation. Carries the Kafka error code to answer with: {@link ErrorCode#CORRUPT_MESSAGE}
 * when the bytes cannot be trusted (framing, lengths, magic, CRC), {@link ErrorCode#INVALID_RECORD} when the CRC
 * holds but what the producer wrote breaks the format (counts, offset deltas, record structure), as Kafka does.
 * The message names the batch's position, its base offset when known, and the offending value.
 */
public class InvalidRecordBatchException extends MalformedMessageException {
    private static final long serialVersionUID = 1L;

    private final transient ErrorCode errorCode;

    public InvalidRecordBatchException(ErrorCode errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    public InvalidRecordBatchException(ErrorCode errorCode, String message, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    /** The error code to return for the partition whose records held this batch. */
    public ErrorCode errorCode() {
        return errorCode;
    }
}
