package io.runnel.broker.fetch;

import io.runnel.broker.api.BrokerContext;
import io.runnel.broker.network.ApiHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.broker.network.Response;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.FetchRequest;
import io.runnel.protocol.message.FetchResponse;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Fetch, versions 4–17: reads whole batches from the partition logs and answers with them straight from the
 * segment files (zero copy, see {@link FetchResponseBody}). A fetch that finds fewer than {@code min_bytes} parks
 * in {@link DelayedFetches} until an append brings them or {@code max_wait_ms} passes. A partition error (unknown
 * topic or id, offset out of range, …) answers at once, as in Kafka. Sessions: see {@link FetchSessions}.
 */
public final class FetchHandler implements ApiHandler {
    private final DelayedFetches delayed;
    private final BrokerContext context;

    FetchHandler(BrokerContext context, DelayedFetches delayed) {
        this.context = context;
        this.delayed = delayed;
    }

    /** A handler for {@code context}'s logs whose parked fetches are answered when the broker starts stopping. */
    public static FetchHandler create(BrokerContext context) {
        DelayedFetches delayed = new DelayedFetches(context.logs());
        context.onStopping(delayed::close);
        return new FetchHandler(context, delayed);
    }

    @Override
    public CompletionStage<Response> handle(RequestContext request, ApiMessage message) {
        FetchRequest fetch = (FetchRequest) message;
        short version = request.apiVersion();
        ErrorCode sessionError = FetchSessions.check(fetch, version);
        if (sessionError != null) {
            return CompletableFuture.completedFuture(Response.of(topLevelError(sessionError)));
        }
        FetchPlan plan = FetchPlan.resolve(fetch, version, context.logs().registry());
        FetchResponseBody body = delayed.reader().read(plan);
        int minBytes = fetch.minBytes();
        if (fetch.maxWaitMs() <= 0 || body.recordBytes() >= minBytes || body.hasPartitionError()) {
            return CompletableFuture.completedFuture(Response.of(body));
        }
        long seen = body.recordBytes();
        body.release();
        CompletableFuture<Response> answer = new CompletableFuture<>();
        delayed.park(new ParkedFetch(plan, minBytes, seen, answer), fetch.maxWaitMs());
        return answer;
    }

    @Override
    public ApiMessage errorResponse(RequestContext request, ErrorCode error) {
        // Before v7 there is no top-level error code: an empty response makes the client fetch again.
        return topLevelError(error);
    }

    private static FetchResponse topLevelError(ErrorCode error) {
        return new FetchResponse().errorCode(error.code()).sessionId(FetchSessions.NO_SESSION);
    }
}
