package io.runnel.broker.api;

import io.runnel.broker.fetch.FetchSessions;
import io.runnel.broker.fetch.FetchService;
import io.runnel.broker.network.ApiHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.broker.network.Response;
import io.runnel.broker.security.AclAuthorizer;
import io.runnel.broker.security.AclOperation;
import io.runnel.broker.security.AclResourceType;
import io.runnel.broker.security.ConnectionSession;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.FetchRequest;
import io.runnel.protocol.message.FetchResponse;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Fetch, versions 4–17: answered by the {@link FetchService}, with whole batches sent straight from the segment files
 * (zero copy); a fetch that finds fewer than {@code min_bytes} parks until an append brings them or
 * {@code max_wait_ms} passes. A partition error (unknown topic or id, offset out of range, …) answers at once, as
 * in Kafka. Sessions are declined ({@link FetchSessions}): an incremental fetch gets a top-level error here.
 */
public final class FetchHandler implements ApiHandler {
    private final FetchService fetches;
    private final AclAuthorizer authorizer;

    FetchHandler(FetchService fetches) {
        this(fetches, AclAuthorizer.disabled());
    }

    private FetchHandler(FetchService fetches, AclAuthorizer authorizer) {
        this.fetches = fetches;
        this.authorizer = authorizer;
    }

    /** A handler for {@code context}'s logs whose parked fetches are answered when the broker starts stopping. */
    public static FetchHandler create(BrokerContext context) {
        FetchService fetches = new FetchService(context.logs(), context.metrics());
        context.metrics().network().fetchesParked(fetches::parkedCount);
        context.onStopping(fetches::close);
        return new FetchHandler(fetches, context.authorizer());
    }

    @Override
    public CompletionStage<Response> handle(RequestContext request, ApiMessage message) {
        FetchRequest fetch = (FetchRequest) message;
        ErrorCode sessionError = FetchSessions.check(fetch, request.apiVersion());
        if (sessionError != null) {
            return CompletableFuture.completedFuture(Response.of(topLevelError(sessionError)));
        }
        if (!authorizer.isEnabled()) {
            return fetches.fetch(fetch, request.apiVersion());
        }
        ConnectionSession session = request.session();
        return fetches.fetch(fetch, request.apiVersion(),
                topic -> authorizer.authorize(session, AclOperation.READ, AclResourceType.TOPIC, topic));
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
