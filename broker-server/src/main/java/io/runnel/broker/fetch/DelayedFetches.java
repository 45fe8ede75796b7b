package io.runnel.broker.fetch;

import io.runnel.broker.log.AppendListener;
import io.runnel.broker.log.LogManager;
import io.runnel.broker.log.PartitionLog;
import io.runnel.broker.network.Response;
import io.runnel.broker.thread.AgentRunner;
import io.runnel.broker.thread.TaskAgent;
import io.runnel.broker.topic.TopicPartition;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Fetches parked until their partitions get data (long polling): Kafka's {@code max_wait_ms} / {@code min_bytes}.
 *
 * <p>No thread polls. A parked fetch is indexed by each of its partitions; the log manager's append listener looks
 * up the partition an append went to and wakes the fetches there, which read and answer on the appending thread
 * right away (a read takes no lock and copies no record data). One timer thread, {@code runnel-fetch-timer} (a
 * {@link TaskAgent}), answers fetches whose {@code max_wait_ms} passes first. {@link #close()} answers every parked
 * fetch at once, so that a stopping broker does not wait out anyone's max wait, and stops the timer thread.
 *
 * <p>Missed wake-ups cannot happen: a fetch is indexed before it checks once more whether a partition grew since
 * its read; an append publishes its end offset before it notifies, so it is either seen by that check or finds
 * the fetch indexed.
 */
final class DelayedFetches implements AutoCloseable {
    /** The role of the timer thread, named {@code runnel-fetch-timer}. */
    static final String TIMER_ROLE = "fetch-timer";

    private final LogManager logs;
    private final FetchReader reader;
    private final Map<TopicPartition, ParkedFetch[]> byPartition = new ConcurrentHashMap<>();
    private final TaskAgent timer = new TaskAgent(TIMER_ROLE);
    private final AgentRunner timerThread;
    private final AppendListener listener = this::appended;
    private volatile boolean closed;

    /** Starts the timer thread and listens to appends of {@code logs}; woken fetches are read with {@code reader}. */
    DelayedFetches(LogManager logs, FetchReader reader) {
        this.logs = logs;
        this.reader = reader;
        this.timerThread = AgentRunner.start(timer);
        logs.addAppendListener(listener);
    }

    /** Fetches parked right now. */
    int parkedCount() {
        int n = 0;
        for (ParkedFetch[] fetches : byPartition.values()) {
            n += fetches.length;
        }
        return n;
    }

    /**
     * Parks {@code fetch} for up to {@code maxWaitMs}; its answer completes later on the thread that wakes it. A
     * fetch parked after {@link #close()} is answered at once.
     */
    void park(ParkedFetch fetch, long maxWaitMs) {
        for (FetchPlan.Topic topic : fetch.plan().topics()) {
            for (FetchPlan.Partition p : topic.partitions()) {
                byPartition.merge(p.topicPartition, new ParkedFetch[] {fetch}, DelayedFetches::concat);
            }
        }
        if (closed || fetch.grewSinceRead(logs)) {
            answer(fetch);
            return;
        }
        try {
            fetch.timeout(timer.schedule(() -> answer(fetch), maxWaitMs, TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException stopped) {
            answer(fetch);
        }
    }

    private void appended(PartitionLog log, int bytes) {
        ParkedFetch[] fetches = byPartition.get(log.topicPartition());
        if (fetches == null) {
            return;
        }
        for (ParkedFetch fetch : fetches) {
            if (fetch.addBytes(bytes)) {
                answer(fetch);
            }
        }
    }

    /** Reads and answers {@code fetch} unless another thread got there first. */
    private void answer(ParkedFetch fetch) {
        if (!fetch.claim()) {
            return;
        }
        unindex(fetch);
        FetchResponseBody body;
        try {
            body = reader.read(fetch.plan());
        } catch (RuntimeException e) {
            fetch.answer().completeExceptionally(e);
            return;
        }
        if (!fetch.answer().complete(Response.of(body))) {
            body.release();
        }
    }

    private void unindex(ParkedFetch fetch) {
        for (FetchPlan.Topic topic : fetch.plan().topics()) {
            for (FetchPlan.Partition p : topic.partitions()) {
                byPartition.computeIfPresent(p.topicPartition, (tp, fetches) -> without(fetches, fetch));
            }
        }
    }

    /** Answers every parked fetch now, parks no more and stops the timer thread: the broker is stopping. */
    @Override
    public void close() {
        closed = true;
        logs.removeAppendListener(listener);
        for (ParkedFetch[] fetches : byPartition.values()) {
            for (ParkedFetch fetch : fetches) {
                answer(fetch);
            }
        }
        timer.shutdown();
        timerThread.close();
    }

    private static ParkedFetch[] concat(ParkedFetch[] a, ParkedFetch[] b) {
        ParkedFetch[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** {@code fetches} without {@code fetch}; null (no entry) when nothing is left. */
    private static ParkedFetch[] without(ParkedFetch[] fetches, ParkedFetch fetch) {
        int kept = 0;
        ParkedFetch[] rest = new ParkedFetch[fetches.length];
        for (ParkedFetch f : fetches) {
            if (f != fetch) {
                rest[kept++] = f;
            }
        }
        return kept == 0 ? null : kept == fetches.length ? fetches : Arrays.copyOf(rest, kept);
    }
}
