package io.runnel.broker.network;

import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.ApiVersionsResponse;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An ApiVersions handler whose responses the test releases: each request's future waits until the test completes
 * it, so the order of completion is the test's choice. The response carries the correlation id in its
 * throttle_time_ms field (v1+) so a response can be matched with its request by content.
 */
final class GatedHandler implements ApiHandler {
    private final Map<Integer, CompletableFuture<Response>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger received = new AtomicInteger();
    private volatile boolean open;

    @Override
    public CompletionStage<Response> handle(RequestContext context, ApiMessage request) {
        received.incrementAndGet();
        if (open) {
            return CompletableFuture.completedFuture(answer(context.correlationId()));
        }
        CompletableFuture<Response> future = new CompletableFuture<>();
        pending.put(context.correlationId(), future);
        return future;
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, ErrorCode error) {
        return new ApiVersionsResponse().errorCode(error.code()).throttleTimeMs(context.correlationId());
    }

    /** Requests handed to this handler so far. */
    int received() {
        return received.get();
    }

    /** Answers the waiting request with this correlation id. */
    void release(int correlationId) {
        future(correlationId).complete(answer(correlationId));
    }

    /** Completes the waiting request with this correlation id with no response at all. */
    void releaseWithoutResponse(int correlationId) {
        future(correlationId).complete(Response.none());
    }

    /** Fails the waiting request with this correlation id. */
    void fail(int correlationId, Throwable cause) {
        future(correlationId).completeExceptionally(cause);
    }

    /** Answers every waiting request, and every later one at once. */
    void openGate() {
        open = true;
        for (Integer correlationId : pending.keySet()) {
            release(correlationId);
        }
    }

    static Response answer(int correlationId) {
        return Response.of(new ApiVersionsResponse().throttleTimeMs(correlationId));
    }

    private CompletableFuture<Response> future(int correlationId) {
        CompletableFuture<Response> future = pending.remove(correlationId);
        if (future == null) {
            throw new IllegalStateException("no request with correlation id " + correlationId + " is waiting");
        }
        return future;
    }
}
