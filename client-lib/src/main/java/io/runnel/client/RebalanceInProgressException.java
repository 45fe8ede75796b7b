package io.runnel.client;

import io.runnel.protocol.ErrorCode;

/**
 * The group is rebalancing ({@code REBALANCE_IN_PROGRESS}); the member must rejoin before it can commit. Kafka
 * marks the code not retriable as such: the operation succeeds only after the rejoin.
 */
public class RebalanceInProgressException extends ApiErrorException {
    private static final long serialVersionUID = 1L;

    /** @param message names the group */
    public RebalanceInProgressException(String message) {
        super(ErrorCode.REBALANCE_IN_PROGRESS, message);
    }
}
