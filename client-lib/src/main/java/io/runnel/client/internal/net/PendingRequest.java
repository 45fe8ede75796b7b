package io.runnel.client.internal.net;

import io.runnel.client.BrokerUnavailableException;
import io.runnel.client.RunnelException;
import io.runnel.protocol.ApiKey;
import io.runnel.protocol.message.ApiMessage;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One request on its way through a connection: its body, the version cap the caller set, the version chosen once
 * the broker's ranges are known, the correlation id once sent, its deadline, and the future its response (or
 * failure) completes.
 *
 * <p>Created on any thread, then touched only on the network's event loop.
 */
final class PendingRequest {
    final ApiKey api;
    final ApiMessage body;
    final short maxVersion;
    final boolean expectsResponse;
    final long deadlineNanos;
    final long timeoutMs;
    /** Completes with the decoded ApiMessage, a {@link ResponseFrame} when {@link #retainFrame}, or null (no response). */
    final CompletableFuture<Object> future;
    /** Keep the response frame alive and complete with a {@link ResponseFrame} the caller releases. */
    final boolean retainFrame;

    /** Set when the connection's negotiated ranges are known; -1 before. */
    short version = -1;
    int correlationId;
    /**
     * When set, a connection that fails before this request was sent hands it here (to try another node) instead of
     * failing it.
     */
    Consumer<BrokerUnavailableException> unsentFallback;

    PendingRequest(ApiKey api, ApiMessage body, short maxVersion, boolean expectsResponse, boolean retainFrame,
                   long nowNanos, long timeoutMs, CompletableFuture<Object> future) {
        this.api = api;
        this.body = body;
        this.maxVersion = maxVersion;
        this.expectsResponse = expectsResponse;
        this.retainFrame = retainFrame;
        this.timeoutMs = timeoutMs;
        this.deadlineNanos = nowNanos + timeoutMs * 1_000_000L;
        this.future = future;
    }

    boolean isExpired(long nowNanos) {
        return nowNanos - deadlineNanos >= 0;
    }

    void fail(RunnelException cause) {
        future.completeExceptionally(cause);
    }

    /** Fails a request that never reached the broker, or hands it to the fallback that retries it elsewhere. */
    void failUnsent(BrokerUnavailableException cause) {
        Consumer<BrokerUnavailableException> fallback = unsentFallback;
        if (fallback != null) {
            unsentFallback = null;
            fallback.accept(cause);
        } else {
            future.completeExceptionally(cause);
        }
    }

    /** "Metadata v12", for messages. */
    String describe() {
        return version >= 0 ? api.apiName() + " v" + version : api.apiName();
    }
}
