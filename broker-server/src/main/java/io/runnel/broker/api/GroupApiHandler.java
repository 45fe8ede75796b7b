package io.runnel.broker.api;

import java.util.List;
import io.runnel.broker.security.AclOperation;
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
    /** The broker, for the authorization checks of subclasses. */
    final BrokerContext broker;

    GroupApiHandler(BrokerContext broker) {
        this.broker = broker;
        this.coordinator = broker.groups();
    }

    @Override
    public final CompletionStage<Response> handle(RequestContext context, ApiMessage request) {
        @SuppressWarnings("unchecked")
        Q typed = (Q) request;
        ErrorCode denied = denied(context, typed);
        if (denied != null) {
            return CompletableFuture.completedFuture(Response.of(errorBody(context, typed, denied)));
        }
        return call(coordinator, client(context), typed).handle((answer, failure) -> Response.of(failure == null
                ? visible(context, answer) : errorBody(context, typed, GroupException.errorOf(failure))));
    }

    /**
     * The authorization error the whole request gets (GROUP_ or TOPIC_AUTHORIZATION_FAILED), or {@code null} when
     * the principal may make it; checked before the coordinator sees the request.
     */
    abstract ErrorCode denied(RequestContext context, Q request);

    /** The coordinator's answer as the principal may see it; by default all of it. */
    ApiMessage visible(RequestContext context, ApiMessage answer) {
        return answer;
    }

    /** GROUP_AUTHORIZATION_FAILED unless the principal may do {@code operation} on {@code group}. */
    final ErrorCode requireGroup(RequestContext context, AclOperation operation, String group) {
        return Access.group(broker, context, operation, group) ? null : ErrorCode.GROUP_AUTHORIZATION_FAILED;
    }

    /** GROUP_AUTHORIZATION_FAILED unless the principal may do {@code operation} on every one of {@code groups}. */
    final ErrorCode requireGroups(RequestContext context, AclOperation operation, List<String> groups) {
        for (String group : groups) {
            if (!Access.group(broker, context, operation, group)) {
                return ErrorCode.GROUP_AUTHORIZATION_FAILED;
            }
        }
        return null;
    }

    /** TOPIC_AUTHORIZATION_FAILED unless the principal may do {@code operation} on every one of {@code topics}. */
    final ErrorCode requireTopics(RequestContext context, AclOperation operation, List<String> topics) {
        for (String topic : topics) {
            if (!Access.topic(broker, context, operation, topic)) {
                return ErrorCode.TOPIC_AUTHORIZATION_FAILED;
            }
        }
        return null;
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
