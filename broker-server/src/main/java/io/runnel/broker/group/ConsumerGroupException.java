package io.runnel.broker.group;

import io.runnel.protocol.ErrorCode;

import java.util.Objects;

/**
 * A consumer-group request that the group refuses, with the Kafka error the protocol edge answers and a message that
 * names the member, epoch or field at fault (it goes to the client as the response's error message).
 */
public final class ConsumerGroupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode error;

    public ConsumerGroupException(ErrorCode error, String message) {
        super(message);
        this.error = Objects.requireNonNull(error, "error");
    }

    public ErrorCode error() {
        return error;
    }
}
