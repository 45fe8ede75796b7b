package io.runnel.broker.txn;

import io.runnel.broker.coordinator.StateTopic;
import io.runnel.broker.log.LogManager;
import io.runnel.broker.topic.TopicNames;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * The state of transactional ids in the internal compacted topic {@code __transaction_state}, a {@link StateTopic} of
 * Kafka's TransactionLogKey / TransactionLogValue records ({@link TransactionLogCodec}): every record of one id goes
 * to partition {@code abs(hash(id)) % partitions}, so its changes are ordered, and a write completes once durable.
 *
 * <p>Thread rules: writes from any thread; {@link #load} once, on the coordinator's thread at start-up.
 */
public final class TransactionTopicStore implements TransactionStore {
    /** The topic's name, as Kafka's. */
    public static final String TOPIC = TopicNames.TRANSACTION_STATE;

    private final StateTopic<TransactionLogRecord> topic;

    private TransactionTopicStore(StateTopic<TransactionLogRecord> topic) {
        this.topic = topic;
    }

    /**
     * Opens {@code __transaction_state}, creating it if missing (compacted, with the configured partitions and
     * segment size); an existing topic keeps its partition count, which decides where each id's records are.
     *
     * @param clock the wall-clock time written into each record
     */
    public static TransactionTopicStore open(LogManager logs, TransactionConfig config, LongSupplier clock) {
        return new TransactionTopicStore(StateTopic.open(logs, new StateTopic.Spec(TOPIC,
                config.stateTopicPartitions(), config.stateTopicSegmentBytes()), TransactionLogCodec.INSTANCE, clock));
    }

    @Override
    public CompletableFuture<Void> write(TransactionLogRecord record) {
        return topic.write(record.transactionalId(), List.of(record));
    }

    @Override
    public Map<String, TransactionLogValue> load() {
        Map<String, TransactionLogValue> latest = new HashMap<>();
        topic.replay(record -> {
            if (record.value() == null) {
                latest.remove(record.transactionalId());
            } else {
                latest.put(record.transactionalId(), record.value());
            }
        });
        return latest;
    }
}
