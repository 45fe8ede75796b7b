package io.runnel.broker.api;

import io.runnel.broker.fetch.FetchSessions;
import io.runnel.broker.fetch.Fetcher;
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
 * Fetch, versions 4–17: answered by the {@link Fetcher}, with whole batches sent straight from the segment files
 * (zero copy); a fetch that finds fewer than {@code min_bytes} parks until an append brings them or
 * {@code max_wait_ms} passes. A partition error (unknown topic or id, offset out of range, …) answers at once, as
 * in Kafka. Sessions are declined ({@link FetchSessions}): an incremental fetch gets a top-level error here.
 */
public final class FetchHandler implements ApiHandler {
    private final Fetcher fetcher;

    FetchHandler(Fetcher fetcher) {
        this.fetcher = fetcher;
    }

    /** A handler for {@code context}'s logs whose parked fetches are answered when the broker starts stopping. */
    public static FetchHandler create(BrokerContext context) {
        Fetcher fetcher = new Fetcher(context.logs());
        context.onStopping(fetcher::close);
        return new FetchHandler(fetcher);
    }

    @Override
    public CompletionStage<Response> handle(RequestContext request, ApiMessage message) {
        FetchRequest fetch = (FetchRequest) message;
        ErrorCode sessionError = FetchSessions.check(fetch, request.apiVersion());
        if (sessionError != null) {
            return CompletableFuture.completedFuture(Response.of(topLevelError(sessionError)));
        }
        return fetcher.fetch(fetch, request.apiVersion());
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
