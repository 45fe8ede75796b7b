package io.runnel.client;

import io.runnel.protocol.ErrorCode;

/**
 * A topic or partition does not exist: the broker answered {@code UNKNOWN_TOPIC_OR_PARTITION} (or
 * {@code UNKNOWN_TOPIC_ID}), or its metadata did not show up within the time the client waits for it. Retriable,
 * as in Kafka: the topic may be being created.
 */
public class UnknownTopicException extends ApiErrorException {
    private static final long serialVersionUID = 1L;

    /** @param message names the topic (and partition) */
    public UnknownTopicException(String message) {
        this(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, message);
    }

    /** @param errorCode {@code UNKNOWN_TOPIC_OR_PARTITION} or {@code UNKNOWN_TOPIC_ID} */
    public UnknownTopicException(ErrorCode errorCode, String message) {
        super(errorCode, message);
    }
}
