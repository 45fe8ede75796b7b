package io.runnel.broker.api;

import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.config.Listener;
import io.runnel.broker.fetch.LeaderEpochs;
import io.runnel.broker.network.ApiHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.broker.network.Response;
import io.runnel.broker.security.AclOperation;
import io.runnel.broker.topic.InvalidTopicException;
import io.runnel.broker.topic.TopicInfo;
import io.runnel.broker.topic.TopicNames;
import io.runnel.broker.topic.TopicRegistry;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.MetadataRequest;
import io.runnel.protocol.message.MetadataResponse.MetadataResponseBroker;
import io.runnel.protocol.message.MetadataResponse.MetadataResponsePartition;
import io.runnel.protocol.message.MetadataResponse.MetadataResponseTopic;
import io.runnel.protocol.message.MetadataResponse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Metadata v0-13: this broker as the only broker, the controller and the leader of every partition (epoch 0, the
 * only replica, in sync), the cluster id, and the topics asked for — all of them (an empty list in v0, null from
 * v1), by name, or by id (v10+).
 *
 * <p>A topic asked for by name that does not exist is created with {@code num.partitions} partitions when
 * {@code auto.create.topics.enable} is on and the request allows it (always before v4); the answer then waits for
 * the creation, which runs off the network thread, and describes the new topic. A bad name gets
 * INVALID_TOPIC_EXCEPTION, a missing topic UNKNOWN_TOPIC_OR_PARTITION, an unknown id UNKNOWN_TOPIC_ID.
 */
public final class MetadataHandler implements ApiHandler {
    private static final short FIRST_ALLOW_AUTO_CREATE_VERSION = 4;
    private static final short FIRST_NULLABLE_NAME_VERSION = 12;
    private static final UUID NO_ID = new UUID(0, 0);

    private final BrokerContext broker;
    private final List<Integer> replicas;

    public MetadataHandler(BrokerContext broker) {
        this.broker = broker;
        // Shared by every partition of every response: encoding only reads it.
        this.replicas = List.of(broker.nodeId());
    }

    @Override
    public CompletionStage<Response> handle(RequestContext context, ApiMessage body) {
        MetadataRequest request = (MetadataRequest) body;
        short version = context.apiVersion();
        TopicRegistry registry = broker.topics().registry();
        if (request.topics() == null || (version == 0 && request.topics().isEmpty())) {
            List<TopicInfo> all = new ArrayList<>(registry.all());
            all.sort(Comparator.comparing(TopicInfo::name));
            List<MetadataResponseTopic> topics = new ArrayList<>(all.size());
            for (TopicInfo topic : all) {
                // Kafka lists only the topics the principal may describe.
                if (Access.topic(broker, context, AclOperation.DESCRIBE, topic.name())) {
                    topics.add(describe(context, topic, request));
                }
            }
            return CompletableFuture.completedFuture(respond(context, request, topics));
        }
        boolean autoCreate = broker.config().get(BrokerConfig.AUTO_CREATE_TOPICS_ENABLE)
                && (version < FIRST_ALLOW_AUTO_CREATE_VERSION || request.allowAutoTopicCreation());
        List<CompletableFuture<MetadataResponseTopic>> answers = new ArrayList<>(request.topics().size());
        boolean waiting = false;
        Set<Object> seen = new HashSet<>();
        for (MetadataRequest.MetadataRequestTopic wanted : request.topics()) {
            String name = wanted.name();
            UUID id = wanted.topicId();
            // kafka-clients names a topic by id with an empty name, others with a null one: a non-zero id wins.
            boolean byId = name == null || (id != null && !id.equals(NO_ID));
            if (!seen.add(byId ? id : name)) {
                continue;
            }
            if (byId) {
                answers.add(CompletableFuture.completedFuture(byId(context, id, request, version)));
                continue;
            }
            TopicInfo topic = registry.get(name);
            if (name != null && isValidName(name) && !Access.topic(broker, context, AclOperation.DESCRIBE, name)) {
                answers.add(CompletableFuture.completedFuture(error(name, ErrorCode.TOPIC_AUTHORIZATION_FAILED)));
            } else if (topic != null) {
                answers.add(CompletableFuture.completedFuture(describe(context, topic, request)));
            } else if (!isValidName(name)) {
                answers.add(CompletableFuture.completedFuture(error(name, ErrorCode.INVALID_TOPIC_EXCEPTION)));
            } else if (autoCreate && !TopicNames.isInternal(name) && !Access.mayCreateTopic(broker, context, name)) {
                answers.add(CompletableFuture.completedFuture(error(name, ErrorCode.TOPIC_AUTHORIZATION_FAILED)));
            } else if (autoCreate && !TopicNames.isInternal(name)) {
                waiting = true;
                answers.add(broker.topics().createIfAbsent(name).handle((created, failure) -> failure == null
                        ? describe(context, created, request) : error(name, TopicErrors.of(failure, context).code())));
            } else {
                answers.add(CompletableFuture.completedFuture(error(name, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION)));
            }
        }
        if (!waiting) {
            return CompletableFuture.completedFuture(respond(context, request, joined(answers)));
        }
        return CompletableFuture.allOf(answers.toArray(new CompletableFuture<?>[0]))
                .thenApply(done -> respond(context, request, joined(answers)));
    }

    private static List<MetadataResponseTopic> joined(List<CompletableFuture<MetadataResponseTopic>> answers) {
        List<MetadataResponseTopic> topics = new ArrayList<>(answers.size());
        for (CompletableFuture<MetadataResponseTopic> answer : answers) {
            topics.add(answer.join());
        }
        return topics;
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, ErrorCode error) {
        // Metadata has no top-level error before v13; an empty answer makes the client ask again.
        return new MetadataResponse().errorCode(error.code());
    }

    private Response respond(RequestContext context, MetadataRequest request, List<MetadataResponseTopic> topics) {
        Listener advertised = broker.advertisedListener(context.session().listenerName());
        MetadataResponseBroker self = new MetadataResponseBroker().nodeId(broker.nodeId()).host(advertised.host())
                .port(advertised.port());
        return Response.of(new MetadataResponse()
                .brokers(List.of(self))
                .clusterId(broker.clusterId())
                .controllerId(broker.nodeId())
                .topics(topics)
                .clusterAuthorizedOperations(request.includeClusterAuthorizedOperations()
                        ? Access.clusterOperations(broker, context) : AuthorizedOperations.NOT_REQUESTED));
    }

    private MetadataResponseTopic byId(RequestContext context, UUID id, MetadataRequest request, short version) {
        TopicInfo topic = id == null ? null : broker.topics().registry().get(id);
        if (topic != null && !Access.topic(broker, context, AclOperation.DESCRIBE, topic.name())) {
            return new MetadataResponseTopic().errorCode(ErrorCode.TOPIC_AUTHORIZATION_FAILED.code())
                    .name(version >= FIRST_NULLABLE_NAME_VERSION ? null : "").topicId(id);
        }
        if (topic != null) {
            return describe(context, topic, request);
        }
        // Before v12 a name cannot be null on the wire.
        return new MetadataResponseTopic().errorCode(ErrorCode.UNKNOWN_TOPIC_ID.code())
                .name(version >= FIRST_NULLABLE_NAME_VERSION ? null : "")
                .topicId(id == null ? NO_ID : id);
    }

    private MetadataResponseTopic describe(RequestContext context, TopicInfo topic, MetadataRequest request) {
        int count = topic.partitionCount();
        List<MetadataResponsePartition> partitions = new ArrayList<>(count);
        for (int p = 0; p < count; p++) {
            partitions.add(new MetadataResponsePartition()
                    .partitionIndex(p)
                    .leaderId(broker.nodeId())
                    .leaderEpoch(LeaderEpochs.CURRENT)
                    .replicaNodes(replicas)
                    .isrNodes(replicas)
                    .offlineReplicas(List.of()));
        }
        return new MetadataResponseTopic()
                .name(topic.name())
                .topicId(topic.id())
                .isInternal(TopicNames.isInternal(topic.name()))
                .partitions(partitions)
                .topicAuthorizedOperations(request.includeTopicAuthorizedOperations()
                        ? Access.topicOperations(broker, context, topic.name()) : AuthorizedOperations.NOT_REQUESTED);
    }

    private static MetadataResponseTopic error(String name, ErrorCode error) {
        return new MetadataResponseTopic().name(name).errorCode(error.code());
    }

    private static boolean isValidName(String name) {
        try {
            TopicNames.validate(name);
            return true;
        } catch (InvalidTopicException e) {
            return false;
        }
    }
}
