package io.runnel.broker.txn;

import io.runnel.broker.log.AppendResult;
import io.runnel.broker.log.LogManager;
import io.runnel.broker.log.PartitionLog;
import io.runnel.broker.topic.TopicNames;
import io.runnel.broker.topic.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * The broker's {@link TransactionMarkerWriter}: a marker batch appended to each data partition's log (the log ends
 * the producer's transaction there: last stable offset, aborted-transaction index), and each
 * {@code __consumer_offsets} partition handed to the group coordinator, which writes the marker there after its own
 * earlier writes and makes the transaction's offsets visible or drops them.
 */
public final class LogTransactionMarkers implements TransactionMarkerWriter {
    /** Ends a transaction in one {@code __consumer_offsets} partition; completes once durable. */
    @FunctionalInterface
    public interface OffsetsPartitionEnd {
        CompletableFuture<Void> complete(int partition, long producerId, short producerEpoch, boolean commit);
    }

    private static final Logger LOG = LoggerFactory.getLogger(LogTransactionMarkers.class);

    private final LogManager logs;
    private final OffsetsPartitionEnd offsets;
    private final LongSupplier clock;

    public LogTransactionMarkers(LogManager logs, OffsetsPartitionEnd offsets, LongSupplier clock) {
        this.logs = logs;
        this.offsets = offsets;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<Void> write(long producerId, short producerEpoch, boolean commit,
                                         Collection<TopicPartition> partitions) {
        List<CompletableFuture<Void>> durable = new ArrayList<>(partitions.size());
        for (TopicPartition tp : partitions) {
            if (tp.topic().equals(TopicNames.CONSUMER_OFFSETS)) {
                durable.add(offsets.complete(tp.partition(), producerId, producerEpoch, commit));
                continue;
            }
            PartitionLog log = logs.log(tp);
            if (log == null) {
                LOG.info("Not writing the {} marker of producer {} to {}: the partition no longer exists",
                        commit ? "COMMIT" : "ABORT", producerId, tp);
                continue;
            }
            durable.add(append(log, producerId, producerEpoch, commit));
        }
        return CompletableFuture.allOf(durable.toArray(new CompletableFuture<?>[0]));
    }

    private CompletableFuture<Void> append(PartitionLog log, long producerId, short producerEpoch, boolean commit) {
        try {
            AppendResult appended = log.transactions().appendEndTransactionMarker(producerId, producerEpoch, commit,
                    clock.getAsLong());
            return log.whenDurable(appended.nextOffset());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
