package io.runnel.broker.fetch;

import io.runnel.broker.log.LogManager;
import io.runnel.broker.metrics.BrokerMetrics;
import io.runnel.broker.network.Response;
import io.runnel.protocol.message.FetchRequest;

import java.util.concurrent.CompletableFuture;

/**
 * Answers Fetch requests from the partition logs: resolves the request once ({@link FetchPlan}), reads it
 * ({@link FetchReader}) and answers at once when it found {@code min_bytes}, when {@code max_wait_ms} is 0 or when a
 * partition has an error (as Kafka does); otherwise the fetch parks in {@link DelayedFetches} until appends bring
 * enough bytes or its max wait passes.
 *
 * <p>Thread rule: {@link #fetch} runs on the calling network thread and never blocks it (reads take no lock and
 * copy no record data); a parked fetch is answered later on the appending thread or the fetch-timer thread.
 * {@link #close()} answers every parked fetch and stops the timer thread.
 */
public final class FetchService implements AutoCloseable {
    private final LogManager logs;
    private final FetchReader reader;
    private final DelayedFetches delayed;
    private final BrokerMetrics metrics;

    /** Starts the fetch-timer thread and listens to the appends of {@code logs}; counts into metrics of its own. */
    public FetchService(LogManager logs) {
        this(logs, new BrokerMetrics());
    }

    /** As {@link #FetchService(LogManager)}, counting bytes sent per topic and partition errors into {@code metrics}. */
    public FetchService(LogManager logs, BrokerMetrics metrics) {
        this.metrics = metrics;
        this.logs = logs;
        this.reader = new FetchReader(logs);
        this.delayed = new DelayedFetches(logs, reader);
    }

    /**
     * The answer to {@code request}, read at {@code version}, whose fetch session the caller has accepted
     * ({@link FetchSessions#check}). The stage completes at once or, for a parked fetch, on another thread.
     */
    public CompletableFuture<Response> fetch(FetchRequest request, short version) {
        return fetch(request, version, TopicReadAccess.ALL);
    }

    /** As {@link #fetch(FetchRequest, short)}, reading only the topics {@code access} allows. */
    public CompletableFuture<Response> fetch(FetchRequest request, short version, TopicReadAccess access) {
        FetchPlan plan = FetchPlan.resolve(request, version, logs.registry(), access);
        FetchResponseBody body = reader.read(plan);
        int minBytes = request.minBytes();
        if (request.maxWaitMs() <= 0 || body.recordBytes() >= minBytes || body.hasPartitionError()) {
            body.countInto(metrics);
            return CompletableFuture.completedFuture(Response.of(body));
        }
        long seen = body.recordBytes();
        body.release();
        CompletableFuture<Response> answer = new CompletableFuture<>();
        delayed.park(new ParkedFetch(plan, minBytes, seen, answer), request.maxWaitMs());
        return answer.thenApply(this::counted);
    }

    private Response counted(Response response) {
        if (response.body() instanceof FetchResponseBody body) {
            body.countInto(metrics);
        }
        return response;
    }

    /** Fetches parked right now (for tests and monitoring). */
    public int parkedCount() {
        return delayed.parkedCount();
    }

    /** Answers every parked fetch now, parks no more and stops the fetch-timer thread: the broker is stopping. */
    @Override
    public void close() {
        delayed.close();
    }
}
