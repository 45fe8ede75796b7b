package io.runnel.broker.log;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.runnel.protocol.record.EndTransactionMarker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What transactions see of one partition log ({@link PartitionLog#transactions()}): the last stable offset and the
 * aborted transactions a {@code read_committed} reader skips, the producers DescribeProducers reports, and the
 * appends only transactions make, a batch the transaction coordinator verified and a COMMIT or ABORT marker.
 *
 * <p>Threading: the state is the log's {@link ProducerStateManager}, guarded by the log's append lock, which the
 * log shares with this class alone; appends go through the log's own append path under that lock. The last stable
 * offset and the aborted transactions are read without it, as a fetch on a network thread does.
 */
public final class PartitionTransactions {
    private final PartitionLog log;
    private final ProducerStateManager producerState;
    private final ReentrantLock appendLock;

    PartitionTransactions(PartitionLog log, ProducerStateManager producerState, ReentrantLock appendLock) {
        this.log = log;
        this.producerState = producerState;
        this.appendLock = appendLock;
    }

    /**
     * The last stable offset: below it every transaction has ended (committed or aborted), so a {@code
     * read_committed} consumer may read up to it; the first offset of the oldest open transaction, or the log end
     * offset when none is open. Lock-free.
     */
    public long lastStableOffset() {
        return Math.min(producerState.firstUnstableOffset(), log.logEndOffset());
    }

    /**
     * The aborted transactions a {@code read_committed} fetch of {@code [from, upTo)} must skip: those whose ABORT
     * marker is at or after {@code from} and whose first record is below {@code upTo}. Lock-free, no file work.
     */
    public List<AbortedTransaction> abortedTransactions(long from, long upTo) {
        return producerState.abortedIndex().collect(from, upTo);
    }

    /** One producer as DescribeProducers reports it. */
    public record ActiveProducer(long producerId, short epoch, int lastSequence, long lastTimestamp,
                                 long currentTxnStartOffset) {
    }

    /** The producers this partition remembers, with their open transaction's first offset (-1 when none). */
    public List<ActiveProducer> activeProducers() {
        appendLock.lock();
        try {
            List<ActiveProducer> list = new ArrayList<>();
            for (ProducerEntry e : producerState.entries()) {
                list.add(new ActiveProducer(e.producerId(), e.epoch(), e.lastSequence(), e.lastTimestamp(),
                        e.currentTxnFirstOffset()));
            }
            return list;
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * As {@link PartitionLog#append}, for a transactional batch the transaction coordinator confirmed belongs to the
     * producer's open transaction (KIP-890 part 1): it may open the transaction in this partition. {@link
     * PartitionLog#append} refuses such a batch with {@link ProducerStateException.Reason#TRANSACTION_NOT_VERIFIED}
     * when the producer has no transaction open here.
     */
    public AppendResult appendVerified(ByteBuf batches) {
        return log.append(batches, true, true);
    }

    /**
     * The coordinator refused a batch that {@link PartitionLog#append} sent to its check: it will not be appended,
     * and the producer's later batches no longer wait for it.
     */
    public void verificationAbandoned(long producerId) {
        appendLock.lock();
        try {
            producerState.verificationDone(producerId);
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * Appends the COMMIT or ABORT marker of {@code producerId}'s transaction (the transaction coordinator's write):
     * the producer's open transaction here ends, an aborted one enters the aborted-transaction index, and the last
     * stable offset moves on. A marker of a newer epoch fences the producer's older epoch.
     *
     * @throws ProducerStateException when the marker's epoch is older than the producer's
     */
    public AppendResult appendEndTransactionMarker(long producerId, short producerEpoch, boolean commit,
                                                  long timestamp) {
        ByteBuf marker = ByteBufAllocator.DEFAULT.buffer(EndTransactionMarker.BATCH_SIZE);
        try {
            EndTransactionMarker.write(marker, producerId, producerEpoch, 0, commit, timestamp);
            return log.append(marker, true, false);
        } finally {
            marker.release();
        }
    }
}
