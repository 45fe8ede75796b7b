package io.runnel.client;

import io.runnel.protocol.ErrorCode;

/**
 * Another producer with the same identity took over ({@code PRODUCER_FENCED}): this producer can no longer write
 * and must be closed.
 */
public class ProducerFencedException extends ApiErrorException {
    private static final long serialVersionUID = 1L;

    /** @param message names the producer id and epoch */
    public ProducerFencedException(String message) {
        super(ErrorCode.PRODUCER_FENCED, message);
    }
}
