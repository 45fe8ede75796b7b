package io.runnel.broker.api;

import io.runnel.broker.config.Listener;
import io.runnel.broker.network.ApiHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.broker.network.Response;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.DescribeClusterRequest;
import io.runnel.protocol.message.DescribeClusterResponse.DescribeClusterBroker;
import io.runnel.protocol.message.DescribeClusterResponse;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * DescribeCluster v0-1: the cluster id, this broker as the only broker and as the controller. Asking for the
 * controllers' endpoints (v1 endpoint type 2) gets UNSUPPORTED_ENDPOINT_TYPE, as from any Kafka broker; an endpoint
 * type Kafka does not define gets INVALID_REQUEST.
 */
public final class DescribeClusterHandler implements ApiHandler {
    private static final byte BROKERS = 1;
    private static final byte CONTROLLERS = 2;

    private final BrokerContext broker;

    public DescribeClusterHandler(BrokerContext broker) {
        this.broker = broker;
    }

    @Override
    public CompletionStage<Response> handle(RequestContext context, ApiMessage body) {
        DescribeClusterRequest request = (DescribeClusterRequest) body;
        byte endpointType = request.endpointType();
        if (endpointType == CONTROLLERS) {
            return done(failed(ErrorCode.UNSUPPORTED_ENDPOINT_TYPE, "this broker answers for brokers only; ask it "
                    + "with endpoint type 1 (brokers)", endpointType));
        }
        if (endpointType != BROKERS) {
            return done(failed(ErrorCode.INVALID_REQUEST, "unknown endpoint type " + endpointType, endpointType));
        }
        Listener advertised = broker.advertisedListener(context.session().listenerName());
        return done(new DescribeClusterResponse()
                .endpointType(BROKERS)
                .clusterId(broker.clusterId())
                .controllerId(broker.nodeId())
                .brokers(List.of(new DescribeClusterBroker().brokerId(broker.nodeId()).host(advertised.host())
                        .port(advertised.port())))
                .clusterAuthorizedOperations(request.includeClusterAuthorizedOperations()
                        ? Access.clusterOperations(broker, context) : AuthorizedOperations.NOT_REQUESTED));
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, ErrorCode error) {
        return failed(error, null, BROKERS);
    }

    private DescribeClusterResponse failed(ErrorCode error, String message, byte endpointType) {
        return new DescribeClusterResponse().errorCode(error.code()).errorMessage(message).endpointType(endpointType)
                .clusterId(broker.clusterId());
    }

    private static CompletionStage<Response> done(DescribeClusterResponse response) {
        return CompletableFuture.completedFuture(Response.of(response));
    }
}
