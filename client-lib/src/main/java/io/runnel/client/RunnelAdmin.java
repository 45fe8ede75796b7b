package io.runnel.client;

import io.runnel.client.admin.AclEntry;
import io.runnel.client.admin.BrokerNode;
import io.runnel.client.admin.ClusterDescription;
import io.runnel.client.admin.ConfigChange;
import io.runnel.client.admin.ConfigValue;
import io.runnel.client.admin.GroupDescription;
import io.runnel.client.admin.GroupListing;
import io.runnel.client.admin.OffsetSpec;
import io.runnel.client.admin.PartitionLag;
import io.runnel.client.admin.ScramCredentialInfo;
import io.runnel.client.admin.TopicDescription;
import io.runnel.client.internal.admin.AdminRuntime;
import io.runnel.client.internal.admin.GroupOperations;
import io.runnel.client.internal.admin.PartitionSizes;
import io.runnel.client.internal.admin.RecordDeletion;
import io.runnel.client.internal.admin.SecurityOperations;
import io.runnel.client.internal.admin.TopicOperations;
import io.runnel.client.internal.net.ClientNetworkConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Administers topics and consumer groups of a Runnel broker or an Apache Kafka cluster, with Kafka's admin APIs.
 *
 * <pre>{@code
 * try (RunnelAdmin admin = RunnelAdmin.create("localhost:9092")) {
 *     admin.createTopic("orders", 3);
 *     TopicDescription orders = admin.describeTopic("orders");
 *     Map<TopicPartition, PartitionLag> lag = admin.groupLag("billing");
 * }
 * }</pre>
 *
 * <p><b>Two forms of every operation.</b> {@code fooAsync(...)} returns a {@link CompletableFuture} at once; it
 * completes on the client's network thread, so a callback attached to it must not block (hand long work to your own
 * executor). {@code foo(...)} waits for the same future and returns its result or throws its
 * {@link RunnelException} unwrapped: an {@link ApiErrorException} (or the subclass naming the error, such as
 * {@link TopicExistsException} or {@link UnknownTopicException}) for a broker's refusal, a
 * {@link RunnelTimeoutException} when the operation did not finish within the API timeout,
 * {@link InterruptException} when the waiting thread is interrupted.
 *
 * <p><b>Retries.</b> Each operation is retried after a lost connection, a moved coordinator or another retriable
 * error, until the API timeout (60 s by default). Creating, deleting and growing a topic return once Metadata shows
 * the change, so the next operation (or a producer) sees it.
 *
 * <p><b>Threads.</b> Thread-safe: any number of threads may share one instance. {@link #close()} fails the
 * operations still running.
 */
public final class RunnelAdmin implements AutoCloseable {
    /** Kafka's minimum, and kafka-configs' default, PBKDF2 iteration count for a SCRAM credential. */
    private static final int DEFAULT_SCRAM_ITERATIONS = 4096;

    private final AdminRuntime runtime;
    private final TopicOperations topics;
    private final GroupOperations groups;
    private final RecordDeletion records;
    private final PartitionSizes sizes;
    private final SecurityOperations security;
    private final long waitMs;
    private final long waitMarginMs;

    private RunnelAdmin(Builder builder) {
        ClientNetworkConfig config = ClientNetworkConfig.builder(builder.bootstrap).clientId(builder.clientId)
                .requestTimeout(builder.requestTimeout).security(ClientSecurity.of(builder.security, builder.sasl))
                .build();
        this.runtime = new AdminRuntime(config, builder.apiTimeout, builder.retryBackoff);
        this.topics = new TopicOperations(runtime);
        this.groups = new GroupOperations(runtime);
        this.records = new RecordDeletion(runtime);
        this.sizes = new PartitionSizes(runtime);
        this.security = new SecurityOperations(runtime);
        this.waitMs = builder.apiTimeout.toMillis();
        this.waitMarginMs = builder.requestTimeout.toMillis() + TimeUnit.SECONDS.toMillis(5);
    }

    /**
     * An admin client with default settings.
     *
     * @param bootstrapServers {@code host:port[,host:port...]}; each is tried in turn until one answers
     */
    public static RunnelAdmin create(String bootstrapServers) {
        return builder().bootstrap(bootstrapServers).build();
    }

    /** A builder for anything beyond the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    // ---- topics

    /**
     * Creates a topic with the broker's default configs; returns once every partition has a leader.
     *
     * @throws TopicExistsException when a topic of that name exists
     * @throws ApiErrorException    with INVALID_TOPIC_EXCEPTION, INVALID_PARTITIONS, ... when the broker refuses
     */
    public void createTopic(String name, int partitions) {
        await(createTopicAsync(name, partitions, Map.of()));
    }

    /**
     * Creates a topic with configs of its own (Kafka's topic config names, e.g. {@code retention.ms}).
     *
     * @throws TopicExistsException when a topic of that name exists
     * @throws ApiErrorException    with INVALID_CONFIG when a config is unknown or its value invalid
     */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        await(createTopicAsync(name, partitions, configs));
    }

    /** {@link #createTopic(String, int, Map)} without waiting. */
    public CompletableFuture<Void> createTopicAsync(String name, int partitions, Map<String, String> configs) {
        Objects.requireNonNull(name, "name");
        return topics.create(name, partitions, Map.copyOf(configs));
    }

    /**
     * Deletes a topic and all its records; returns once Metadata no longer shows it.
     *
     * @throws UnknownTopicException when there is no such topic
     */
    public void deleteTopic(String name) {
        await(deleteTopicAsync(name));
    }

    /** {@link #deleteTopic} without waiting. */
    public CompletableFuture<Void> deleteTopicAsync(String name) {
        return topics.delete(name);
    }

    /** Every ACL of the cluster (DescribeAcls); needs DESCRIBE on the cluster. */
    public List<AclEntry> listAcls() {
        return await(listAclsAsync());
    }

    /** {@link #listAcls} without waiting. */
    public CompletableFuture<List<AclEntry>> listAclsAsync() {
        return security.listAcls();
    }

    /** Adds ACLs (CreateAcls); needs ALTER on the cluster. */
    public void createAcls(Collection<AclEntry> entries) {
        await(createAclsAsync(entries));
    }

    /** {@link #createAcls} without waiting. */
    public CompletableFuture<Void> createAclsAsync(Collection<AclEntry> entries) {
        return security.createAcls(entries);
    }

    /** Removes exactly these ACLs (DeleteAcls); returns those the cluster had. Needs ALTER on the cluster. */
    public List<AclEntry> deleteAcls(Collection<AclEntry> entries) {
        return await(deleteAclsAsync(entries));
    }

    /** {@link #deleteAcls} without waiting. */
    public CompletableFuture<List<AclEntry>> deleteAclsAsync(Collection<AclEntry> entries) {
        return security.deleteAcls(entries);
    }

    /** Every user with SCRAM credentials, sorted by name, with their mechanisms and iteration counts. */
    public Map<String, List<ScramCredentialInfo>> listUsers() {
        return await(listUsersAsync());
    }

    /** {@link #listUsers} without waiting. */
    public CompletableFuture<Map<String, List<ScramCredentialInfo>>> listUsersAsync() {
        return security.listUsers();
    }

    /**
     * Creates {@code user}, or changes its password, for {@code mechanism} (SCRAM-SHA-256 or SCRAM-SHA-512) with
     * 4096 PBKDF2 iterations. The password is salted and hashed here; it never leaves this process. Needs ALTER on
     * the cluster.
     */
    public void setUserPassword(String user, String mechanism, String password) {
        await(setUserPasswordAsync(user, mechanism, password));
    }

    /** {@link #setUserPassword} without waiting. */
    public CompletableFuture<Void> setUserPasswordAsync(String user, String mechanism, String password) {
        return security.upsertUser(user, mechanism, password, DEFAULT_SCRAM_ITERATIONS);
    }

    /** Removes the {@code mechanism} credential of {@code user}; a user without credentials is gone. */
    public void deleteUserCredential(String user, String mechanism) {
        await(deleteUserCredentialAsync(user, mechanism));
    }

    /** {@link #deleteUserCredential} without waiting. */
    public CompletableFuture<Void> deleteUserCredentialAsync(String user, String mechanism) {
        return security.deleteUser(user, mechanism);
    }

    /** The names of every topic, sorted, internal topics ({@code __consumer_offsets}, ...) left out. */
    public Set<String> listTopics() {
        return await(listTopicsAsync());
    }

    /** {@link #listTopics} without waiting. */
    public CompletableFuture<Set<String>> listTopicsAsync() {
        return topics.list();
    }

    /**
     * A topic's id, its partitions with leader, replicas and earliest and latest offsets (ListOffsets), and every
     * config.
     *
     * @throws UnknownTopicException when there is no such topic
     */
    public TopicDescription describeTopic(String name) {
        return await(describeTopicAsync(name));
    }

    /** {@link #describeTopic} without waiting. */
    public CompletableFuture<TopicDescription> describeTopicAsync(String name) {
        return topics.describe(name);
    }

    /**
     * Grows a topic to {@code totalPartitions} (the new total, not the number to add); returns once Metadata shows
     * them. Keys hashed to a partition may map to another one afterwards.
     *
     * @throws ApiErrorException with INVALID_PARTITIONS when the total is not above the current count
     */
    public void addPartitions(String name, int totalPartitions) {
        await(addPartitionsAsync(name, totalPartitions));
    }

    /** {@link #addPartitions} without waiting. */
    public CompletableFuture<Void> addPartitionsAsync(String name, int totalPartitions) {
        return topics.addPartitions(name, totalPartitions);
    }

    /**
     * Every config of a topic by name, with its value and where the value comes from.
     *
     * @throws UnknownTopicException when there is no such topic
     */
    public Map<String, ConfigValue> describeConfigs(String topic) {
        return await(describeConfigsAsync(topic));
    }

    /** {@link #describeConfigs} without waiting. */
    public CompletableFuture<Map<String, ConfigValue>> describeConfigsAsync(String topic) {
        return topics.describeConfigs(topic);
    }

    /**
     * Sets or deletes some of a topic's configs, leaving the others as they are (IncrementalAlterConfigs).
     *
     * @throws ApiErrorException with INVALID_CONFIG when a name is unknown or a value invalid
     */
    public void alterConfigs(String topic, Collection<ConfigChange> changes) {
        await(alterConfigsAsync(topic, changes));
    }

    /** Sets each of {@code values} on the topic; the other configs stay as they are. */
    public void alterConfigs(String topic, Map<String, String> values) {
        List<ConfigChange> changes = new ArrayList<>();
        values.forEach((name, value) -> changes.add(ConfigChange.set(name, value)));
        await(alterConfigsAsync(topic, changes));
    }

    /** {@link #alterConfigs(String, Collection)} without waiting. */
    public CompletableFuture<Void> alterConfigsAsync(String topic, Collection<ConfigChange> changes) {
        return topics.alterConfigs(topic, List.copyOf(changes));
    }

    /**
     * Deletes the records before the given offset of each partition (DeleteRecords, as
     * {@code kafka-delete-records}): the partition's log start offset moves up to that offset; whole segments below
     * it are removed from disk later by retention, and a fetch below it fails with OFFSET_OUT_OF_RANGE. An offset
     * of -1 means the partition's latest offset (everything is deleted).
     *
     * @return the new earliest offset (low watermark) of each partition
     * @throws UnknownTopicException    when a topic or partition does not exist
     * @throws OffsetOutOfRangeException when an offset is beyond the partition's latest offset
     */
    public Map<TopicPartition, Long> deleteRecords(Map<TopicPartition, Long> beforeOffsets) {
        return await(deleteRecordsAsync(beforeOffsets));
    }

    /** {@link #deleteRecords} without waiting. */
    public CompletableFuture<Map<TopicPartition, Long>> deleteRecordsAsync(Map<TopicPartition, Long> beforeOffsets) {
        return records.delete(Map.copyOf(beforeOffsets));
    }

    /**
     * The bytes on disk of each partition of {@code topic} (DescribeLogDirs, from each partition's leader).
     *
     * @throws UnknownTopicException when the topic does not exist
     */
    public Map<TopicPartition, Long> partitionSizes(String topic) {
        return await(partitionSizesAsync(topic));
    }

    /** {@link #partitionSizes} without waiting. */
    public CompletableFuture<Map<TopicPartition, Long>> partitionSizesAsync(String topic) {
        return sizes.of(topic);
    }

    // ---- cluster

    /** The cluster's id, its brokers and its controller, from one Metadata request. */
    public ClusterDescription describeCluster() {
        return await(describeClusterAsync());
    }

    /** {@link #describeCluster} without waiting. */
    public CompletableFuture<ClusterDescription> describeClusterAsync() {
        return runtime.retrying("describe cluster", () -> runtime.metadata(List.of()).thenApply(snapshot -> {
            List<BrokerNode> brokers = new ArrayList<>();
            snapshot.nodes().forEach((id, address) -> brokers.add(
                    new BrokerNode(id, address.getHostString(), address.getPort())));
            return new ClusterDescription(snapshot.clusterId(), snapshot.controllerId(), brokers);
        }));
    }

    // ---- groups

    /** Every consumer group of the cluster, sorted by id, with its type and state. */
    public List<GroupListing> listGroups() {
        return await(listGroupsAsync());
    }

    /** {@link #listGroups} without waiting. */
    public CompletableFuture<List<GroupListing>> listGroupsAsync() {
        return groups.list();
    }

    /**
     * A group's protocol ({@code consumer} or {@code classic}), state, assignor and members with their partitions.
     * A group that does not exist is described as {@code Dead} with no members, as Kafka does.
     */
    public GroupDescription describeGroup(String groupId) {
        return await(describeGroupAsync(groupId));
    }

    /** {@link #describeGroup} without waiting. */
    public CompletableFuture<GroupDescription> describeGroupAsync(String groupId) {
        return groups.describe(groupId);
    }

    /**
     * For each partition the group has committed an offset for: the committed offset, the partition's latest offset
     * and the lag between them, sorted by partition.
     */
    public Map<TopicPartition, PartitionLag> groupLag(String groupId) {
        return await(groupLagAsync(groupId));
    }

    /** {@link #groupLag} without waiting. */
    public CompletableFuture<Map<TopicPartition, PartitionLag>> groupLagAsync(String groupId) {
        return groups.lag(groupId);
    }

    /**
     * Moves the group's committed offsets on every partition of {@code topic} (see {@link OffsetSpec}). The group
     * must have no active members, as Kafka's {@code kafka-consumer-groups --reset-offsets} demands.
     *
     * @return the new committed offset of each partition
     * @throws ApiErrorException with NON_EMPTY_GROUP while the group has members
     */
    public Map<TopicPartition, Long> resetOffsets(String groupId, String topic, OffsetSpec spec) {
        return await(resetOffsetsAsync(groupId, topic, spec));
    }

    /** {@link #resetOffsets} without waiting. */
    public CompletableFuture<Map<TopicPartition, Long>> resetOffsetsAsync(String groupId, String topic,
                                                                         OffsetSpec spec) {
        return groups.resetOffsets(groupId, topic, Objects.requireNonNull(spec, "spec"));
    }

    /**
     * The offsets {@link #resetOffsets} would commit now, computed the same way but committed nowhere, whatever the
     * group's state: a dry run.
     *
     * @throws UnknownTopicException when there is no such topic
     */
    public Map<TopicPartition, Long> previewOffsetReset(String groupId, String topic, OffsetSpec spec) {
        return await(previewOffsetResetAsync(groupId, topic, spec));
    }

    /** {@link #previewOffsetReset} without waiting. */
    public CompletableFuture<Map<TopicPartition, Long>> previewOffsetResetAsync(String groupId, String topic,
                                                                               OffsetSpec spec) {
        return groups.previewReset(groupId, topic, Objects.requireNonNull(spec, "spec"));
    }

    /**
     * Deletes a group and its committed offsets.
     *
     * @throws ApiErrorException with NON_EMPTY_GROUP while it has members, GROUP_ID_NOT_FOUND when it does not
     *                           exist
     */
    public void deleteGroup(String groupId) {
        await(deleteGroupAsync(groupId));
    }

    /** {@link #deleteGroup} without waiting. */
    public CompletableFuture<Void> deleteGroupAsync(String groupId) {
        return groups.delete(groupId);
    }

    /** Closes the connections; operations still running fail. */
    @Override
    public void close() {
        runtime.close();
    }

    private <T> T await(CompletableFuture<T> future) {
        try {
            // The operation enforces the API timeout itself, but an attempt started just before it may run for one
            // request timeout more; the margin covers that and only guards against a lost completion.
            return future.get(waitMs + waitMarginMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            future.cancel(false);
            throw new InterruptException("interrupted while waiting for an admin operation", e);
        } catch (TimeoutException e) {
            throw new RunnelTimeoutException("admin operation did not complete within " + waitMs + " ms", e);
        } catch (ExecutionException e) {
            Throwable cause = AdminRuntime.unwrap(e);
            if (cause instanceof RunnelException runnel) {
                throw runnel;
            }
            throw new RunnelException("admin operation failed: " + cause, cause);
        }
    }

    /** Settings of a {@link RunnelAdmin}; only the bootstrap address is required. */
    public static final class Builder {
        private String bootstrap;
        private String clientId = "runnel-admin";
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration apiTimeout = Duration.ofSeconds(60);
        private Duration retryBackoff = Duration.ofMillis(100);
        private Security security;
        private Sasl sasl;

        private Builder() {
        }

        /**
         * TLS for an SSL or SASL_SSL listener ({@code security.protocol=SSL}, {@code ssl.truststore.*}); default: plain
         * TCP.
         */
        public Builder security(Security value) {
            this.security = Objects.requireNonNull(value, "security");
            return this;
        }

        /**
         * SASL credentials for a SASL_PLAINTEXT or SASL_SSL listener ({@code sasl.mechanism}, {@code sasl.jaas.config});
         * default: none.
         */
        public Builder sasl(Sasl value) {
            this.sasl = Objects.requireNonNull(value, "sasl");
            return this;
        }

        /** {@code host:port[,host:port...]}: where to find the cluster. Required. */
        public Builder bootstrap(String bootstrapServers) {
            this.bootstrap = bootstrapServers;
            return this;
        }

        /** The client id brokers log and show for this client. Default {@code runnel-admin}. */
        public Builder clientId(String clientId) {
            this.clientId = Objects.requireNonNull(clientId, "clientId");
            return this;
        }

        /** Bound on one request to one broker. Default 30 s (Kafka's {@code request.timeout.ms}). */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        /**
         * Bound on one operation, retries included. Default 60 s (Kafka's {@code default.api.timeout.ms}).
         */
        public Builder apiTimeout(Duration timeout) {
            this.apiTimeout = timeout;
            return this;
        }

        /** Wait between attempts after a retriable error. Default 100 ms. */
        public Builder retryBackoff(Duration backoff) {
            this.retryBackoff = backoff;
            return this;
        }

        /**
         * Builds the client. Connections open on first use.
         *
         * @throws IllegalArgumentException when the bootstrap list is missing or malformed, or a duration is not
         *                                  positive
         */
        public RunnelAdmin build() {
            if (bootstrap == null) {
                throw new IllegalArgumentException("bootstrap servers are required");
            }
            if (apiTimeout == null || apiTimeout.isNegative() || apiTimeout.isZero()) {
                throw new IllegalArgumentException("apiTimeout must be positive, not " + apiTimeout);
            }
            if (retryBackoff == null || retryBackoff.isNegative() || retryBackoff.isZero()) {
                throw new IllegalArgumentException("retryBackoff must be positive, not " + retryBackoff);
            }
            return new RunnelAdmin(this);
        }
    }
}
