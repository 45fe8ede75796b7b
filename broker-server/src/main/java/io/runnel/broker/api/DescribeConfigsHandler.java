package io.runnel.broker.api;

import io.runnel.broker.config.ConfigEntries;
import io.runnel.broker.config.ConfigEntry;
import io.runnel.broker.config.ConfigKey;
import io.runnel.broker.network.ApiHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.broker.network.Response;
import io.runnel.broker.topic.InvalidTopicException;
import io.runnel.broker.topic.TopicInfo;
import io.runnel.broker.topic.TopicNames;
import io.runnel.broker.security.AclOperation;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.DescribeConfigsRequest.DescribeConfigsResource;
import io.runnel.protocol.message.DescribeConfigsRequest;
import io.runnel.protocol.message.DescribeConfigsResponse.DescribeConfigsResourceResult;
import io.runnel.protocol.message.DescribeConfigsResponse.DescribeConfigsResult;
import io.runnel.protocol.message.DescribeConfigsResponse.DescribeConfigsSynonym;
import io.runnel.protocol.message.DescribeConfigsResponse;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * DescribeConfigs v1-4 for topics and for this broker: every config the broker or topic honours (or the ones asked
 * for) with its value, source, read-only and sensitive flags, synonyms when asked, and from v3 its type and, when
 * asked, its documentation. The broker's configs are read-only (set in broker.properties); a topic's are not. The
 * broker resource is named by this broker's id; the empty name (cluster-wide dynamic defaults) has no configs.
 */
public final class DescribeConfigsHandler implements ApiHandler {
    private final BrokerContext broker;

    public DescribeConfigsHandler(BrokerContext broker) {
        this.broker = broker;
    }

    @Override
    public CompletionStage<Response> handle(RequestContext context, ApiMessage body) {
        DescribeConfigsRequest request = (DescribeConfigsRequest) body;
        List<DescribeConfigsResult> results = new ArrayList<>(request.resources().size());
        for (DescribeConfigsResource resource : request.resources()) {
            results.add(mayDescribe(context, resource) ? describe(resource, request)
                    : failed(new DescribeConfigsResult().resourceType(resource.resourceType())
                    .resourceName(resource.resourceName()), resource.resourceType() == ConfigCodes.TOPIC
                    ? ErrorCode.TOPIC_AUTHORIZATION_FAILED : ErrorCode.CLUSTER_AUTHORIZATION_FAILED,
                    "Authorization failed."));
        }
        return CompletableFuture.completedFuture(Response.of(new DescribeConfigsResponse().results(results)));
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, ErrorCode error) {
        return new DescribeConfigsResponse();
    }

    /** DESCRIBE_CONFIGS on the topic, or on the cluster for broker configs, as Kafka checks. */
    private boolean mayDescribe(RequestContext context, DescribeConfigsResource resource) {
        return resource.resourceType() == ConfigCodes.TOPIC
                ? Access.topic(broker, context, AclOperation.DESCRIBE_CONFIGS, resource.resourceName())
                : Access.cluster(broker, context, AclOperation.DESCRIBE_CONFIGS);
    }

    private DescribeConfigsResult describe(DescribeConfigsResource resource, DescribeConfigsRequest request) {
        DescribeConfigsResult result = new DescribeConfigsResult().resourceType(resource.resourceType())
                .resourceName(resource.resourceName());
        List<ConfigEntry> entries;
        switch (resource.resourceType()) {
            case ConfigCodes.TOPIC -> {
                String name = resource.resourceName();
                TopicInfo topic = broker.topics().registry().get(name);
                if (topic == null) {
                    return invalidName(name) ? failed(result, ErrorCode.INVALID_TOPIC_EXCEPTION,
                            "topic name " + name + " is not valid")
                            : failed(result, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "topic " + name + " does not exist");
                }
                Map<String, String> effective = broker.topics().defaults().withTopicOverrides(topic.configs())
                        .toTopicConfigMap();
                entries = ConfigEntries.topic(broker.config(), topic.configs(), effective);
            }
            case ConfigCodes.BROKER -> {
                String name = resource.resourceName();
                if (name.isEmpty()) {
                    entries = List.of();
                } else if (name.equals(Integer.toString(broker.nodeId()))) {
                    entries = ConfigEntries.broker(broker.config());
                } else {
                    return failed(result, ErrorCode.INVALID_REQUEST, "unexpected broker id " + name + "; this is broker "
                            + broker.nodeId() + " (or use the empty name for cluster-wide defaults)");
                }
            }
            default -> {
                return failed(result, ErrorCode.INVALID_REQUEST, "resource type " + resource.resourceType()
                        + " is not supported; Runnel describes topics (2) and brokers (4)");
            }
        }
        Set<String> wanted = resource.configurationKeys() == null ? null
                : new HashSet<>(resource.configurationKeys());
        List<DescribeConfigsResourceResult> configs = new ArrayList<>(entries.size());
        for (ConfigEntry entry : entries) {
            if (wanted == null || wanted.contains(entry.name())) {
                configs.add(config(entry, request));
            }
        }
        return result.configs(configs);
    }

    private static DescribeConfigsResourceResult config(ConfigEntry entry, DescribeConfigsRequest request) {
        List<DescribeConfigsSynonym> synonyms = new ArrayList<>();
        if (request.includeSynonyms()) {
            for (ConfigEntry.Synonym synonym : entry.synonyms()) {
                synonyms.add(new DescribeConfigsSynonym().name(synonym.name()).value(synonym.value())
                        .source(ConfigCodes.source(synonym.source())));
            }
        }
        return new DescribeConfigsResourceResult()
                .name(entry.name())
                .value(entry.value())
                .readOnly(entry.readOnly())
                .configSource(ConfigCodes.source(entry.source()))
                .isSensitive(entry.type() == ConfigKey.Type.PASSWORD)
                .synonyms(synonyms)
                .configType(ConfigCodes.type(entry.type()))
                .documentation(request.includeDocumentation() ? entry.documentation() : null);
    }

    private static DescribeConfigsResult failed(DescribeConfigsResult result, ErrorCode error, String message) {
        return result.errorCode(error.code()).errorMessage(message).configs(new ArrayList<>());
    }

    private static boolean invalidName(String name) {
        try {
            TopicNames.validate(name);
            return false;
        } catch (InvalidTopicException e) {
            return true;
        }
    }
}
