package io.runnel.broker.api;

import io.runnel.protocol.ErrorCode;

/**
 * Error codes of the transaction APIs as old clients understand them (Kafka's mapping): PRODUCER_FENCED (KIP-588)
 * is INVALID_PRODUCER_EPOCH before the version that knows it, and TRANSACTION_ABORTABLE (KIP-890) is
 * INVALID_TXN_STATE before the version that knows it.
 */
final class TransactionErrors {

    private TransactionErrors() {
    }

    /**
     * @param fencedFrom    the first version of the API that knows PRODUCER_FENCED
     * @param abortableFrom the first version that knows TRANSACTION_ABORTABLE
     */
    static ErrorCode forVersion(ErrorCode error, short version, int fencedFrom, int abortableFrom) {
        if (error == ErrorCode.PRODUCER_FENCED && version < fencedFrom) {
            return ErrorCode.INVALID_PRODUCER_EPOCH;
        }
        if (error == ErrorCode.TRANSACTION_ABORTABLE && version < abortableFrom) {
            return ErrorCode.INVALID_TXN_STATE;
        }
        return error;
    }
}
