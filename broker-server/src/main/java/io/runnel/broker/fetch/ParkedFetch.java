package io.runnel.broker.fetch;

import io.runnel.broker.log.LogManager;
import io.runnel.broker.log.PartitionLog;
import io.runnel.broker.network.Response;
import io.runnel.broker.thread.TaskAgent;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fetch waiting for data: it answers once its partitions have gained {@code minBytes} since it parked, at
 * {@code maxWaitMs}, or when the broker stops, whichever comes first, and exactly once (whoever wins
 * {@link #claim()} reads and answers).
 */
final class ParkedFetch {
    private final FetchPlan plan;
    private final long minBytes;
    private final CompletableFuture<Response> answer;
    private final AtomicBoolean claimed = new AtomicBoolean();
    private final AtomicLong bytesSeen;
    private volatile TaskAgent.Cancellable timeout;

    /**
     * @param plan      the resolved request, read again on completion
     * @param minBytes  bytes to wait for
     * @param bytesSeen bytes the last read found (fewer than minBytes)
     * @param answer    completed with the response
     */
    ParkedFetch(FetchPlan plan, long minBytes, long bytesSeen, CompletableFuture<Response> answer) {
        this.plan = plan;
        this.minBytes = minBytes;
        this.bytesSeen = new AtomicLong(bytesSeen);
        this.answer = answer;
    }

    FetchPlan plan() {
        return plan;
    }

    CompletableFuture<Response> answer() {
        return answer;
    }

    /** Counts bytes appended to one of the partitions; true when the fetch now has enough to answer. */
    boolean addBytes(int bytes) {
        return bytesSeen.addAndGet(bytes) >= minBytes;
    }

    /** True once, for the caller that gets to answer; cancels the timeout. */
    boolean claim() {
        if (!claimed.compareAndSet(false, true)) {
            return false;
        }
        TaskAgent.Cancellable t = timeout;
        if (t != null) {
            t.cancel();
        }
        return true;
    }

    boolean isClaimed() {
        return claimed.get();
    }

    void timeout(TaskAgent.Cancellable timer) {
        this.timeout = timer;
        if (claimed.get()) {
            timer.cancel();
        }
    }

    /** True when one of the partitions has grown since the last read. */
    boolean grewSinceRead(LogManager logs) {
        for (FetchPlan.Topic topic : plan.topics()) {
            for (FetchPlan.Partition p : topic.partitions()) {
                PartitionLog log = logs.log(p.topicPartition);
                if (log != null && log.logEndOffset() != p.endSeen) {
                    return true;
                }
            }
        }
        return false;
    }
}
