package io.runnel.client;

import io.runnel.protocol.ErrorCode;

/**
 * A record or batch is larger than the broker accepts ({@code MESSAGE_TOO_LARGE}, {@code RECORD_LIST_TOO_LARGE}),
 * or than the client's own limit on a request or on its buffer memory. Not retriable: the same record fails again.
 */
public class RecordTooLargeException extends ApiErrorException {
    private static final long serialVersionUID = 1L;

    /** A record the client refused before sending it; the message names its size and the limit. */
    public RecordTooLargeException(String message) {
        this(ErrorCode.MESSAGE_TOO_LARGE, message);
    }

    /** @param errorCode {@code MESSAGE_TOO_LARGE} or {@code RECORD_LIST_TOO_LARGE} */
    public RecordTooLargeException(ErrorCode errorCode, String message) {
        super(errorCode, message);
    }
}
