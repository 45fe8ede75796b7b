package io.runnel.client;

import io.runnel.protocol.ErrorCode;

/**
 * The broker answered with a Kafka error code. {@link #errorCode()} is that code; {@link #isRetriable()} follows
 * Kafka's definition of it. {@link #of} returns the most specific subclass for a code, so callers can catch
 * {@link UnknownTopicException}, {@link TopicExistsException} and the like.
 */
public class ApiErrorException extends RunnelException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode errorCode;

    /**
     * @param errorCode the code the broker returned (or the client decided on, for errors found locally)
     * @param message   what failed, naming the topic, group or partition; the code's name is appended
     */
    public ApiErrorException(ErrorCode errorCode, String message) {
        super(message + " (" + errorCode.kafkaName() + ")");
        this.errorCode = errorCode;
    }

    /**
     * The exception for {@code errorCode}: the subclass that names it where there is one, else an
     * {@code ApiErrorException}.
     *
     * @param message what failed, e.g. {@code "create topic orders"}; the code's name is appended
     * @throws IllegalArgumentException for {@link ErrorCode#NONE}, which is not an error
     */
    public static ApiErrorException of(ErrorCode errorCode, String message) {
        return switch (errorCode) {
            case NONE -> throw new IllegalArgumentException("error code NONE is not an error: " + message);
            case UNKNOWN_TOPIC_OR_PARTITION, UNKNOWN_TOPIC_ID -> new UnknownTopicException(errorCode, message);
            case TOPIC_ALREADY_EXISTS -> new TopicExistsException(message);
            case MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE -> new RecordTooLargeException(errorCode, message);
            case PRODUCER_FENCED -> new ProducerFencedException(message);
            case REBALANCE_IN_PROGRESS -> new RebalanceInProgressException(message);
            case OFFSET_OUT_OF_RANGE -> new OffsetOutOfRangeException(message, java.util.Map.of());
            default -> new ApiErrorException(errorCode, message);
        };
    }

    /** The Kafka error code. */
    public ErrorCode errorCode() {
        return errorCode;
    }

    /** Whether Kafka defines {@link #errorCode()} as retriable. */
    @Override
    public boolean isRetriable() {
        return errorCode.isRetriable();
    }
}
