package io.runnel.broker.txn;

import io.runnel.protocol.ErrorCode;

/**
 * The producer checks every transaction request makes (Kafka's order): the producer id must be the id's current
 * one (INVALID_PRODUCER_ID_MAPPING), and the epoch its current one (PRODUCER_FENCED: a newer instance took over, or
 * the coordinator aborted the transaction and bumped it).
 */
final class TransactionChecks {

    private TransactionChecks() {
    }

    static ErrorCode producer(TransactionMetadata txn, long producerId, short epoch) {
        if (txn.producerId() != producerId) {
            return ErrorCode.INVALID_PRODUCER_ID_MAPPING;
        }
        if (txn.epoch() != epoch) {
            return ErrorCode.PRODUCER_FENCED;
        }
        return ErrorCode.NONE;
    }

    /** The refusal of {@link #producer}, with a message naming what did not match. */
    static TransactionException refuse(ErrorCode error, TransactionMetadata txn, long producerId, short epoch) {
        return new TransactionException(error, "transactional id " + txn.transactionalId() + " has producer "
                + txn.producerId() + " epoch " + txn.epoch() + "; the request has producer " + producerId + " epoch "
                + epoch);
    }
}
