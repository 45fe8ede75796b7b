package io.runnel.broker.api;

import io.runnel.broker.config.TopicConfigChange;
import io.runnel.broker.network.ApiHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.broker.network.Response;
import io.runnel.broker.security.AclOperation;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.IncrementalAlterConfigsRequest.AlterConfigsResource;
import io.runnel.protocol.message.IncrementalAlterConfigsRequest.AlterableConfig;
import io.runnel.protocol.message.IncrementalAlterConfigsRequest;
import io.runnel.protocol.message.IncrementalAlterConfigsResponse.AlterConfigsResourceResponse;
import io.runnel.protocol.message.IncrementalAlterConfigsResponse;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * IncrementalAlterConfigs v0-1: SET, DELETE, APPEND and SUBTRACT on a topic's config overrides (APPEND and SUBTRACT
 * only on list configs such as cleanup.policy), applied together or not at all, and kept across restarts; with
 * validate-only, only checked. The broker's own configs cannot be changed at run time: such a request gets
 * INVALID_REQUEST saying to set the key in broker.properties and restart.
 */
public final class IncrementalAlterConfigsHandler implements ApiHandler {
    private final BrokerContext broker;

    public IncrementalAlterConfigsHandler(BrokerContext broker) {
        this.broker = broker;
    }

    @Override
    public CompletionStage<Response> handle(RequestContext context, ApiMessage body) {
        IncrementalAlterConfigsRequest request = (IncrementalAlterConfigsRequest) body;
        Set<String> duplicates = duplicates(request.resources());
        List<CompletableFuture<AlterConfigsResourceResponse>> results = new ArrayList<>();
        Set<String> answered = new HashSet<>();
        for (AlterConfigsResource resource : request.resources()) {
            if (!answered.add(key(resource))) {
                continue;
            }
            AlterConfigsResourceResponse response = new AlterConfigsResourceResponse()
                    .resourceType(resource.resourceType()).resourceName(resource.resourceName());
            if (duplicates.contains(key(resource))) {
                results.add(done(failed(response, ErrorCode.INVALID_REQUEST, "resource " + resource.resourceName()
                        + " is named more than once in the request")));
            } else if (resource.resourceType() == ConfigCodes.TOPIC
                    && !Access.topic(broker, context, AclOperation.ALTER_CONFIGS, resource.resourceName())) {
                results.add(done(failed(response, ErrorCode.TOPIC_AUTHORIZATION_FAILED, "Authorization failed.")));
            } else if (resource.resourceType() == ConfigCodes.BROKER
                    && !Access.cluster(broker, context, AclOperation.ALTER_CONFIGS)) {
                results.add(done(failed(response, ErrorCode.CLUSTER_AUTHORIZATION_FAILED, "Authorization failed.")));
            } else if (resource.resourceType() == ConfigCodes.TOPIC) {
                results.add(alterTopic(context, resource, response, request.validateOnly()));
            } else if (resource.resourceType() == ConfigCodes.BROKER) {
                results.add(done(failed(response, ErrorCode.INVALID_REQUEST, "broker configs cannot be changed while "
                        + "the broker runs; set them in broker.properties (or with --set) and restart")));
            } else {
                results.add(done(failed(response, ErrorCode.INVALID_REQUEST, "resource type "
                        + resource.resourceType() + " is not supported; Runnel alters topic configs (2)")));
            }
        }
        return CompletableFuture.allOf(results.toArray(new CompletableFuture<?>[0])).thenApply(done -> {
            List<AlterConfigsResourceResponse> responses = new ArrayList<>(results.size());
            for (CompletableFuture<AlterConfigsResourceResponse> result : results) {
                responses.add(result.join());
            }
            return Response.of(new IncrementalAlterConfigsResponse().responses(responses));
        });
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, ErrorCode error) {
        return new IncrementalAlterConfigsResponse();
    }

    private CompletableFuture<AlterConfigsResourceResponse> alterTopic(RequestContext context,
                                                                       AlterConfigsResource resource,
                                                                       AlterConfigsResourceResponse response,
                                                                       boolean validateOnly) {
        List<TopicConfigChange> changes = new ArrayList<>(resource.configs().size());
        Set<String> names = new HashSet<>();
        for (AlterableConfig config : resource.configs()) {
            TopicConfigChange.Operation operation = TopicConfigChange.Operation.forCode(config.configOperation());
            if (operation == null) {
                return done(failed(response, ErrorCode.INVALID_REQUEST, "unknown config operation "
                        + config.configOperation() + " for " + config.name()));
            }
            if (!names.add(config.name())) {
                return done(failed(response, ErrorCode.INVALID_REQUEST, "config " + config.name()
                        + " is changed more than once in the request"));
            }
            changes.add(new TopicConfigChange(config.name(), operation, config.value()));
        }
        return broker.topics().alterConfigs(resource.resourceName(),
                        overrides -> TopicConfigChange.apply(overrides, changes, broker.config()), validateOnly)
                .handle((altered, error) -> {
                    if (error == null) {
                        return response;
                    }
                    TopicErrors.Failure failure = TopicErrors.of(error, context);
                    return failed(response, failure.code(), failure.message());
                });
    }

    private static AlterConfigsResourceResponse failed(AlterConfigsResourceResponse response, ErrorCode error,
                                                       String message) {
        return response.errorCode(error.code()).errorMessage(message);
    }

    private static CompletableFuture<AlterConfigsResourceResponse> done(AlterConfigsResourceResponse response) {
        return CompletableFuture.completedFuture(response);
    }

    private static String key(AlterConfigsResource resource) {
        return resource.resourceType() + "/" + resource.resourceName();
    }

    private static Set<String> duplicates(List<AlterConfigsResource> resources) {
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new HashSet<>();
        for (AlterConfigsResource resource : resources) {
            if (!seen.add(key(resource))) {
                duplicates.add(key(resource));
            }
        }
        return duplicates;
    }
}
