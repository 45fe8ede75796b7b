package io.runnel.broker.api;

import io.runnel.broker.network.ApiHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.broker.network.Response;
import io.runnel.broker.security.AclOperation;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.DescribeClientQuotasResponse;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * DescribeClientQuotas v0-1: Runnel enforces no client quotas, so every filter matches no entry, which is the true
 * answer. Served because {@code kafka-configs --describe --entity-type users} asks it before describing SCRAM
 * credentials. Needs DESCRIBE_CONFIGS on the cluster, as in Kafka.
 */
public final class DescribeClientQuotasHandler implements ApiHandler {
    private final BrokerContext broker;

    public DescribeClientQuotasHandler(BrokerContext broker) {
        this.broker = broker;
    }

    @Override
    public CompletionStage<Response> handle(RequestContext context, ApiMessage body) {
        if (!Access.cluster(broker, context, AclOperation.DESCRIBE_CONFIGS)) {
            return CompletableFuture.completedFuture(Response.of(errorResponse(context,
                    ErrorCode.CLUSTER_AUTHORIZATION_FAILED)));
        }
        return CompletableFuture.completedFuture(Response.of(new DescribeClientQuotasResponse().entries(List.of())));
    }

    @Override
    public DescribeClientQuotasResponse errorResponse(RequestContext context, ErrorCode error) {
        return new DescribeClientQuotasResponse().errorCode(error.code()).entries(null);
    }
}
