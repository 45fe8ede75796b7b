package io.runnel.broker.txn;

import io.runnel.broker.config.BrokerConfig;

/**
 * The transaction coordinator's settings, with Kafka's key names and defaults.
 *
 * @param maxTimeoutMs              {@code transaction.max.timeout.ms}: the longest transaction timeout a producer may
 *                                  ask for; InitProducerId with a longer one gets INVALID_TRANSACTION_TIMEOUT
 * @param idExpirationMs            {@code transactional.id.expiration.ms}: a transactional id with no transaction
 *                                  open and no change for this long is forgotten
 * @param stateTopicPartitions      {@code transaction.state.log.num.partitions}: partitions of
 *                                  {@code __transaction_state} when it is created
 * @param stateTopicSegmentBytes    {@code transaction.state.log.segment.bytes}: its segment size
 */
public record TransactionConfig(int maxTimeoutMs, long idExpirationMs, int stateTopicPartitions,
                                int stateTopicSegmentBytes) {

    public static final int DEFAULT_MAX_TIMEOUT_MS = 900_000;
    public static final long DEFAULT_ID_EXPIRATION_MS = 7L * 24 * 60 * 60 * 1000;
    public static final int DEFAULT_STATE_TOPIC_PARTITIONS = 10;
    public static final int DEFAULT_STATE_TOPIC_SEGMENT_BYTES = 104_857_600;

    public TransactionConfig {
        if (maxTimeoutMs < 1) {
            throw new IllegalArgumentException("transaction.max.timeout.ms=" + maxTimeoutMs + " must be at least 1");
        }
        if (idExpirationMs < 1) {
            throw new IllegalArgumentException("transactional.id.expiration.ms=" + idExpirationMs
                    + " must be at least 1");
        }
        if (stateTopicPartitions < 1) {
            throw new IllegalArgumentException("transaction.state.log.num.partitions=" + stateTopicPartitions
                    + " must be at least 1");
        }
    }

    /** Every setting at its default. */
    public static TransactionConfig defaults() {
        return new TransactionConfig(DEFAULT_MAX_TIMEOUT_MS, DEFAULT_ID_EXPIRATION_MS, DEFAULT_STATE_TOPIC_PARTITIONS,
                DEFAULT_STATE_TOPIC_SEGMENT_BYTES);
    }

    /** The settings from the broker's keys. */
    public static TransactionConfig from(BrokerConfig config) {
        return new TransactionConfig(config.get(BrokerConfig.TRANSACTION_MAX_TIMEOUT_MS),
                config.get(BrokerConfig.TRANSACTIONAL_ID_EXPIRATION_MS),
                config.get(BrokerConfig.TRANSACTION_STATE_LOG_NUM_PARTITIONS),
                config.get(BrokerConfig.TRANSACTION_STATE_LOG_SEGMENT_BYTES));
    }
}
