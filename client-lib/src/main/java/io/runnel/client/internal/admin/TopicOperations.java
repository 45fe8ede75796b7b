package io.runnel.client.internal.admin;

import io.runnel.client.ApiErrorException;
import io.runnel.client.TopicPartition;
import io.runnel.client.UnknownTopicException;
import io.runnel.client.admin.ConfigChange;
import io.runnel.client.admin.ConfigValue;
import io.runnel.client.admin.PartitionDescription;
import io.runnel.client.admin.TopicDescription;
import io.runnel.client.internal.metadata.ClusterSnapshot;
import io.runnel.client.internal.metadata.PartitionMetadata;
import io.runnel.client.internal.metadata.TopicMetadata;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.CreatePartitionsRequest;
import io.runnel.protocol.message.CreatePartitionsResponse;
import io.runnel.protocol.message.CreateTopicsRequest;
import io.runnel.protocol.message.CreateTopicsResponse;
import io.runnel.protocol.message.DeleteTopicsRequest;
import io.runnel.protocol.message.DeleteTopicsResponse;
import io.runnel.protocol.message.DescribeConfigsRequest;
import io.runnel.protocol.message.DescribeConfigsResponse;
import io.runnel.protocol.message.IncrementalAlterConfigsRequest;
import io.runnel.protocol.message.IncrementalAlterConfigsResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * The topic half of the admin client: create, delete, list, describe, add partitions, read and change configs.
 * Changes are sent to any broker (a Kafka cluster forwards them to its controller); create, delete and
 * add-partitions then wait until Metadata shows the change, so the next call (a produce, a describe) sees it.
 *
 * <p>Thread rules: stateless apart from the runtime; every method may be called from any thread.
 */
public final class TopicOperations {
    private static final Logger LOG = LoggerFactory.getLogger(TopicOperations.class);
    private static final byte TOPIC_RESOURCE = 2;
    private static final byte OP_SET = 0;
    private static final byte OP_DELETE = 1;

    private final AdminRuntime runtime;

    /** Topic operations over {@code runtime}'s network. */
    public TopicOperations(AdminRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * Creates {@code name}; returns once Metadata shows all its partitions with a leader.
     *
     * @param partitions the partition count, or -1 for the broker's default
     */
    public CompletableFuture<Void> create(String name, int partitions, Map<String, String> configs) {
        List<CreateTopicsRequest.CreatableTopicConfig> configList = new ArrayList<>();
        new TreeMap<>(configs).forEach((key, value) -> configList.add(
                new CreateTopicsRequest.CreatableTopicConfig().name(key).value(value)));
        CreateTopicsRequest request = new CreateTopicsRequest().timeoutMs(timeoutMs()).topics(List.of(
                new CreateTopicsRequest.CreatableTopic().name(name).numPartitions(partitions)
                        .replicationFactor((short) -1).configs(configList)));
        long deadline = runtime.newDeadline();
        return runtime.retrying("create topic " + name, deadline, () -> runtime.network()
                        .<CreateTopicsResponse>sendToAny(request, (short) -1).thenApply(response -> {
                            CreateTopicsResponse.CreatableTopicResult result = response.topics().get(0);
                            check(result.errorCode(), result.errorMessage(), "create topic " + name);
                            return result.numPartitions();
                        }))
                .thenCompose(created -> runtime.until("topic " + name + " to appear in metadata", deadline,
                        () -> runtime.metadata(List.of(name)), snapshot -> allLed(snapshot, name,
                                partitions > 0 ? partitions : created)))
                .thenAccept(snapshot -> LOG.info("created topic {} with {} partitions", name,
                        snapshot.partitionCount(name)));
    }

    /** Whether Metadata shows {@code count} partitions of {@code topic} (any number when count < 1), all led. */
    private static boolean allLed(ClusterSnapshot snapshot, String topic, int count) {
        TopicMetadata metadata = snapshot.topic(topic);
        if (metadata == null || metadata.partitions().isEmpty()
                || (count > 0 && metadata.partitions().size() != count)) {
            return false;
        }
        for (PartitionMetadata partition : metadata.partitions()) {
            if (partition.leader() < 0) {
                return false;
            }
        }
        return true;
    }

    /** Deletes {@code name} and its records; returns once Metadata no longer shows it. */
    public CompletableFuture<Void> delete(String name) {
        DeleteTopicsRequest request = new DeleteTopicsRequest().timeoutMs(timeoutMs()).topicNames(List.of(name))
                .topics(List.of(new DeleteTopicsRequest.DeleteTopicState().name(name)));
        long deadline = runtime.newDeadline();
        return runtime.retrying("delete topic " + name, deadline, () -> runtime.network()
                        .<DeleteTopicsResponse>sendToAny(request, (short) -1).thenAccept(response -> {
                            DeleteTopicsResponse.DeletableTopicResult result = response.responses().get(0);
                            check(result.errorCode(), result.errorMessage(), "delete topic " + name);
                        }))
                .thenCompose(deleted -> runtime.until("topic " + name + " to leave metadata", deadline,
                        () -> runtime.metadata(List.of(name)), snapshot -> snapshot.topic(name) == null))
                .thenAccept(snapshot -> LOG.info("deleted topic {}", name));
    }

    /** The names of every topic except the cluster's internal ones. */
    public CompletableFuture<Set<String>> list() {
        return runtime.retrying("list topics", () -> runtime.metadata(null)).thenApply(snapshot -> {
            Set<String> names = new TreeSet<>();
            for (TopicMetadata topic : snapshot.topics().values()) {
                if (!topic.internal()) {
                    names.add(topic.name());
                }
            }
            return java.util.Collections.unmodifiableSet(names);
        });
    }

    /** The topic's id, partitions (with leaders, replicas and earliest and latest offsets) and configs. */
    public CompletableFuture<TopicDescription> describe(String name) {
        return runtime.retrying("describe topic " + name, () -> runtime.existingTopic(name).thenCompose(snapshot -> {
            CompletableFuture<Map<TopicPartition, Long>> earliest = OffsetLookup.offsets(runtime, snapshot,
                    OffsetLookup.allPartitions(snapshot, name, OffsetLookup.EARLIEST));
            CompletableFuture<Map<TopicPartition, Long>> latest = OffsetLookup.offsets(runtime, snapshot,
                    OffsetLookup.allPartitions(snapshot, name, OffsetLookup.LATEST));
            CompletableFuture<Map<String, ConfigValue>> configs = describeConfigsOnce(name);
            return CompletableFuture.allOf(earliest, latest, configs).thenApply(done -> {
                TopicMetadata topic = snapshot.topic(name);
                List<PartitionDescription> partitions = new ArrayList<>();
                for (PartitionMetadata p : topic.partitions()) {
                    TopicPartition tp = new TopicPartition(name, p.partition());
                    partitions.add(new PartitionDescription(p.partition(), p.leader(), p.replicas(), p.isr(),
                            earliest.join().get(tp), latest.join().get(tp)));
                }
                Map<String, String> values = new HashMap<>();
                configs.join().forEach((key, value) -> values.put(key, value.value()));
                return new TopicDescription(name, topic.id(), topic.internal(), partitions, values);
            });
        }));
    }

    /** Grows {@code name} to {@code total} partitions; returns once Metadata shows them. */
    public CompletableFuture<Void> addPartitions(String name, int total) {
        CreatePartitionsRequest request = new CreatePartitionsRequest().timeoutMs(timeoutMs()).topics(List.of(
                new CreatePartitionsRequest.CreatePartitionsTopic().name(name).count(total).assignments(null)));
        long deadline = runtime.newDeadline();
        return runtime.retrying("add partitions to topic " + name, deadline, () -> runtime.network()
                        .<CreatePartitionsResponse>sendToAny(request, (short) -1).thenAccept(response -> {
                            CreatePartitionsResponse.CreatePartitionsTopicResult result = response.results().get(0);
                            check(result.errorCode(), result.errorMessage(), "grow topic " + name + " to " + total
                                    + " partitions");
                        }))
                .thenCompose(grown -> runtime.until("topic " + name + " to show " + total + " partitions",
                        deadline, () -> runtime.metadata(List.of(name)), snapshot -> allLed(snapshot, name, total)))
                .thenAccept(snapshot -> LOG.info("grew topic {} to {} partitions", name, total));
    }

    /** Every config of the topic by name, with its source. */
    public CompletableFuture<Map<String, ConfigValue>> describeConfigs(String name) {
        return runtime.retrying("describe configs of topic " + name, () -> describeConfigsOnce(name));
    }

    private CompletableFuture<Map<String, ConfigValue>> describeConfigsOnce(String name) {
        DescribeConfigsRequest request = new DescribeConfigsRequest().includeSynonyms(false)
                .includeDocumentation(false).resources(List.of(new DescribeConfigsRequest.DescribeConfigsResource()
                        .resourceType(TOPIC_RESOURCE).resourceName(name).configurationKeys(null)));
        return runtime.network().<DescribeConfigsResponse>sendToAny(request, (short) -1).thenApply(response -> {
            DescribeConfigsResponse.DescribeConfigsResult result = response.results().get(0);
            check(result.errorCode(), result.errorMessage(), "describe configs of topic " + name);
            Map<String, ConfigValue> configs = new TreeMap<>();
            for (DescribeConfigsResponse.DescribeConfigsResourceResult config : result.configs()) {
                configs.put(config.name(), new ConfigValue(config.name(), config.value(),
                        ConfigValue.Source.forId(config.configSource()), config.readOnly(), config.isSensitive()));
            }
            return java.util.Collections.unmodifiableMap(configs);
        });
    }

    /** Applies {@code changes} to the topic's configs, leaving the others as they are (IncrementalAlterConfigs). */
    public CompletableFuture<Void> alterConfigs(String name, Collection<ConfigChange> changes) {
        List<IncrementalAlterConfigsRequest.AlterableConfig> configs = new ArrayList<>();
        for (ConfigChange change : changes) {
            configs.add(new IncrementalAlterConfigsRequest.AlterableConfig().name(change.name())
                    .configOperation(change.isDelete() ? OP_DELETE : OP_SET).value(change.value()));
        }
        IncrementalAlterConfigsRequest request = new IncrementalAlterConfigsRequest().validateOnly(false)
                .resources(List.of(new IncrementalAlterConfigsRequest.AlterConfigsResource()
                        .resourceType(TOPIC_RESOURCE).resourceName(name).configs(configs)));
        return runtime.retrying("alter configs of topic " + name, () -> runtime.network()
                .<IncrementalAlterConfigsResponse>sendToAny(request, (short) -1).thenAccept(response -> {
                    IncrementalAlterConfigsResponse.AlterConfigsResourceResponse result = response.responses().get(0);
                    check(result.errorCode(), result.errorMessage(), "alter configs of topic " + name);
                    LOG.info("altered configs of topic {}: {}", name, changes);
                }));
    }

    private int timeoutMs() {
        return (int) Math.min(Integer.MAX_VALUE, runtime.apiTimeoutMs());
    }

    /** Throws the exception for a per-resource error code; an unknown topic is never retried. */
    static void check(short errorCode, String message, String what) {
        ErrorCode error = ErrorCode.forCode(errorCode);
        if (error == ErrorCode.NONE) {
            return;
        }
        String text = what + (message == null || message.isEmpty() ? "" : ": " + message);
        if (error == ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) {
            throw new UnknownTopicException(text);
        }
        throw ApiErrorException.of(error, text);
    }
}
