package io.runnel.broker.api;

import io.runnel.broker.group.GroupCoordinator;
import io.runnel.broker.group.core.GroupException;
import io.runnel.broker.group.core.GroupRequestContext;
import io.runnel.broker.network.ApiHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.broker.network.Response;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What every group API handler does: hand the decoded request to the {@link GroupCoordinator} (which answers on its
 * own thread, never on the event loop) and send its answer; when the coordinator cannot answer (it is closing:
 * COORDINATOR_NOT_AVAILABLE, which clients retry, or it failed), send the API's own error response.
 *
 * @param <Q> the request type
 */
abstract class GroupApiHandler<Q extends ApiMessage> implements ApiHandler {
    private final GroupCoordinator coordinator;

    GroupApiHandler(BrokerContext broker) {
        this.coordinator = broker.groups();
    }

    @Override
    public final CompletionStage<Response> handle(RequestContext context, ApiMessage request) {
        @SuppressWarnings("unchecked")
        Q typed = (Q) request;
        return call(coordinator, client(context), typed).handle((answer, failure) -> Response.of(failure == null
                ? answer : errorBody(context, typed, GroupException.errorOf(failure))));
    }

    /** Asks the coordinator. */
    abstract CompletableFuture<? extends ApiMessage> call(GroupCoordinator coordinator, GroupRequestContext client,
                                                          Q request);

    /** The answer to {@code request} when the coordinator could not give one. */
    abstract ApiMessage errorBody(RequestContext context, Q request, ErrorCode error);

    /** The client as the coordinator sees it: version, client id, and address as Kafka shows it ("/1.2.3.4"). */
    static GroupRequestContext client(RequestContext context) {
        return new GroupRequestContext(context.apiVersion(), context.clientId(), host(context.clientAddress()));
    }

    private static String host(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return "/" + inet.getAddress().getHostAddress();
        }
        return address == null ? "" : address.toString();
    }
}
