package io.runnel.broker.txn;

import io.runnel.broker.topic.TopicPartition;

import java.util.List;

/**
 * What {@code __transaction_state} holds for one transactional id: Kafka's TransactionLogValue.
 *
 * @param producerId         the producer id in use
 * @param previousProducerId the id used before the current one was handed out (epoch exhausted), or -1
 * @param producerEpoch      the current epoch
 * @param timeoutMs          the transaction timeout the producer asked for
 * @param state              the transaction's state
 * @param partitions         the partitions of the open (or ending) transaction, sorted; empty when idle
 * @param lastUpdateMs       when the state last changed
 * @param startMs            when the open transaction started (its first partition), -1 when none is open
 */
public record TransactionLogValue(long producerId, long previousProducerId, short producerEpoch, int timeoutMs,
                                  TransactionState state, List<TopicPartition> partitions, long lastUpdateMs,
                                  long startMs) {

    public TransactionLogValue {
        partitions = List.copyOf(partitions);
    }
}
