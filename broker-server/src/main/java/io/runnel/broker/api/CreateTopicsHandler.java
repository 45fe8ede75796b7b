package io.runnel.broker.api;

import io.runnel.broker.config.ConfigEntries;
import io.runnel.broker.config.ConfigEntry;
import io.runnel.broker.config.ConfigException;
import io.runnel.broker.log.TopicAdmin;
import io.runnel.broker.network.ApiHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.broker.network.Response;
import io.runnel.broker.topic.ReplicaAssignments;
import io.runnel.broker.topic.TopicInfo;
import io.runnel.broker.security.AclOperation;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.CreateTopicsRequest.CreatableReplicaAssignment;
import io.runnel.protocol.message.CreateTopicsRequest.CreatableTopic;
import io.runnel.protocol.message.CreateTopicsRequest.CreatableTopicConfig;
import io.runnel.protocol.message.CreateTopicsRequest;
import io.runnel.protocol.message.CreateTopicsResponse.CreatableTopicConfigs;
import io.runnel.protocol.message.CreateTopicsResponse.CreatableTopicResult;
import io.runnel.protocol.message.CreateTopicsResponse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * CreateTopics v2-7: creates each topic (or, with validate-only, only checks it) by Kafka's rules for one broker —
 * name rules, partitions -1 for {@code num.partitions}, replication factor 1 or -1, replica assignments naming only
 * this broker, per-topic configs checked by their keys. From v5 each created topic comes back with its partition
 * count, replication factor and every config; from v7 with its id. A topic named twice gets INVALID_REQUEST.
 */
public final class CreateTopicsHandler implements ApiHandler {
    private final BrokerContext broker;

    public CreateTopicsHandler(BrokerContext broker) {
        this.broker = broker;
    }

    @Override
    public CompletionStage<Response> handle(RequestContext context, ApiMessage body) {
        CreateTopicsRequest request = (CreateTopicsRequest) body;
        Set<String> duplicates = duplicates(request.topics());
        List<CompletableFuture<CreatableTopicResult>> results = new ArrayList<>(request.topics().size());
        Set<String> answered = new HashSet<>();
        for (CreatableTopic topic : request.topics()) {
            if (!answered.add(topic.name())) {
                continue;
            }
            if (duplicates.contains(topic.name())) {
                // One answer per name, as Kafka gives: the name's results are keyed by it.
                results.add(CompletableFuture.completedFuture(failed(topic.name(), ErrorCode.INVALID_REQUEST,
                        "topic " + topic.name() + " is named more than once in the request")));
                continue;
            }
            if (!Access.mayCreateTopic(broker, context, topic.name())) {
                results.add(CompletableFuture.completedFuture(failed(topic.name(),
                        ErrorCode.TOPIC_AUTHORIZATION_FAILED, "Authorization failed.")));
                continue;
            }
            TopicAdmin.NewTopic spec;
            try {
                spec = spec(topic);
            } catch (IllegalArgumentException e) {
                TopicErrors.Failure failure = TopicErrors.of(e, context);
                results.add(CompletableFuture.completedFuture(failed(topic.name(), failure.code(), failure.message())));
                continue;
            }
            results.add(broker.topics().create(spec, request.validateOnly()).handle((created, error) -> {
                if (error != null) {
                    TopicErrors.Failure failure = TopicErrors.of(error, context);
                    return failed(topic.name(), failure.code(), failure.message());
                }
                return created(created, request.validateOnly());
            }));
        }
        return CompletableFuture.allOf(results.toArray(new CompletableFuture<?>[0])).thenApply(done -> {
            List<CreatableTopicResult> topics = new ArrayList<>(results.size());
            for (CompletableFuture<CreatableTopicResult> result : results) {
                topics.add(result.join());
            }
            return Response.of(new CreateTopicsResponse().topics(topics));
        });
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, ErrorCode error) {
        return new CreateTopicsResponse();
    }

    private TopicAdmin.NewTopic spec(CreatableTopic topic) {
        Map<String, String> configs = new HashMap<>();
        for (CreatableTopicConfig config : topic.configs()) {
            if (config.value() == null) {
                throw new ConfigException(config.name(), null, "a topic config needs a value");
            }
            if (configs.put(config.name(), config.value()) != null) {
                throw new ConfigException(config.name(), config.value(), "given more than once");
            }
        }
        if (topic.assignments().isEmpty()) {
            return new TopicAdmin.NewTopic(topic.name(), topic.numPartitions(), topic.replicationFactor(), configs);
        }
        if (topic.numPartitions() != -1 || topic.replicationFactor() != -1) {
            throw new InvalidRequestException("topic " + topic.name()
                    + ": with replica assignments, numPartitions and replicationFactor must be -1");
        }
        List<Integer> indexes = new ArrayList<>();
        List<List<Integer>> replicas = new ArrayList<>();
        for (CreatableReplicaAssignment assignment : topic.assignments()) {
            indexes.add(assignment.partitionIndex());
            replicas.add(assignment.brokerIds());
        }
        int partitions = ReplicaAssignments.partitionCount(topic.name(), indexes);
        ReplicaAssignments.check(topic.name(), replicas, broker.nodeId());
        return new TopicAdmin.NewTopic(topic.name(), partitions, -1, configs);
    }

    private CreatableTopicResult created(TopicInfo topic, boolean validateOnly) {
        Map<String, String> effective = broker.topics().defaults().withTopicOverrides(topic.configs())
                .toTopicConfigMap();
        List<CreatableTopicConfigs> configs = new ArrayList<>();
        for (ConfigEntry entry : ConfigEntries.topic(broker.config(), topic.configs(), effective)) {
            configs.add(new CreatableTopicConfigs().name(entry.name()).value(entry.value())
                    .readOnly(entry.readOnly()).configSource(ConfigCodes.source(entry.source())).isSensitive(false));
        }
        return new CreatableTopicResult()
                .name(topic.name())
                // A validate-only answer has no real id yet.
                .topicId(validateOnly ? new UUID(0, 0) : topic.id())
                .numPartitions(topic.partitionCount())
                .replicationFactor((short) TopicAdmin.REPLICATION_FACTOR)
                .configs(configs);
    }

    private static CreatableTopicResult failed(String name, ErrorCode error, String message) {
        return new CreatableTopicResult().name(name).errorCode(error.code()).errorMessage(message)
                .configs(new ArrayList<>());
    }

    private static Set<String> duplicates(List<CreatableTopic> topics) {
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new HashSet<>();
        for (CreatableTopic topic : topics) {
            if (!seen.add(topic.name())) {
                duplicates.add(topic.name());
            }
        }
        return duplicates;
    }
}
