package io.runnel.client;

import io.runnel.protocol.ErrorCode;

/** A topic could not be created because one of that name exists ({@code TOPIC_ALREADY_EXISTS}). */
public class TopicExistsException extends ApiErrorException {
    private static final long serialVersionUID = 1L;

    /** @param message names the topic */
    public TopicExistsException(String message) {
        super(ErrorCode.TOPIC_ALREADY_EXISTS, message);
    }
}
