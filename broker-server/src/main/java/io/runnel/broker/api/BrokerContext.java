package io.runnel.broker.api;

import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.coordinator.StateTopic;
import io.runnel.broker.topic.TopicInfo;
import io.runnel.broker.topic.TopicNames;
import io.runnel.broker.topic.TopicPartition;
import io.runnel.broker.config.Listener;
import io.runnel.broker.group.GroupCoordinator;
import io.runnel.broker.log.LogManager;
import io.runnel.broker.metrics.BrokerMetrics;
import io.runnel.broker.log.TopicAdmin;
import io.runnel.broker.produce.ProducerIdAllocator;
import io.runnel.broker.security.AclAuthorizer;
import io.runnel.broker.security.BrokerSecurity;
import io.runnel.broker.txn.TransactionCoordinator;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What request handlers share: the configuration, the partition logs and topic registry, the group and transaction
 * coordinators, and the broker's identity as clients see it. The advertised listener is known only once the socket is bound (port 0
 * picks one), so it is set after the handlers are built and before the first request arrives. {@link #close()}
 * stops the context's own threads (topic changes, producer id blocks); the broker calls it after the network has
 * stopped, so that no request is left waiting on them.
 */
public final class BrokerContext implements AutoCloseable {
    private final BrokerConfig config;
    private final LogManager logs;
    private final String clusterId;
    private final int nodeId;
    private final TopicAdmin topics;
    private final ProducerIdAllocator producerIds;
    private final GroupCoordinator groups;
    private final BrokerMetrics metrics = new BrokerMetrics();
    private volatile TransactionCoordinator transactions;
    private final List<Runnable> stoppingHooks = new CopyOnWriteArrayList<>();
    private volatile List<Listener> advertisedListeners = List.of();
    private volatile BrokerSecurity security;

    /** A context without a group coordinator (for handlers that need none). */
    public BrokerContext(BrokerConfig config, LogManager logs, String clusterId, int nodeId) {
        this(config, logs, clusterId, nodeId, null);
    }

    public BrokerContext(BrokerConfig config, LogManager logs, String clusterId, int nodeId,
                         GroupCoordinator groups) {
        this.config = config;
        this.logs = logs;
        this.clusterId = clusterId;
        this.nodeId = nodeId;
        this.topics = new TopicAdmin(logs, config.get(BrokerConfig.NUM_PARTITIONS),
                config.get(BrokerConfig.MAX_PARTITIONS_PER_TOPIC));
        this.producerIds = ProducerIdAllocator.start(logs.config().dataDir());
        this.groups = groups;
    }

    public BrokerConfig config() {
        return config;
    }

    /** Every partition log and the topic registry. */
    public LogManager logs() {
        return logs;
    }

    /** Topic changes (create, delete, partitions, configs), carried out off the network threads. */
    public TopicAdmin topics() {
        return topics;
    }

    /** Producer ids for idempotent producers, unique across restarts. */
    public ProducerIdAllocator producerIds() {
        return producerIds;
    }

    /** The coordinator of every consumer group and committed offset. */
    public GroupCoordinator groups() {
        if (groups == null) {
            throw new IllegalStateException("this broker context has no group coordinator");
        }
        return groups;
    }

    /** The broker's metrics: handlers count their traffic into them. */
    public BrokerMetrics metrics() {
        return metrics;
    }

    /**
     * The transaction coordinator. It needs the producer ids of this context, so the broker starts it after the
     * context and attaches it with {@link #attachTransactions}, before the first request.
     */
    public TransactionCoordinator transactions() {
        TransactionCoordinator coordinator = transactions;
        if (coordinator == null) {
            throw new IllegalStateException("this broker context has no transaction coordinator");
        }
        return coordinator;
    }

    /** Called once by the broker, before it accepts connections. */
    public void attachTransactions(TransactionCoordinator coordinator) {
        this.transactions = coordinator;
    }

    /** The {@code __consumer_offsets} partition that holds a group's records (and its transactional offsets). */
    public TopicPartition offsetsPartitionOf(String groupId) {
        TopicInfo topic = logs.registry().get(TopicNames.CONSUMER_OFFSETS);
        if (topic == null) {
            throw new IllegalStateException(TopicNames.CONSUMER_OFFSETS + " does not exist");
        }
        return new TopicPartition(TopicNames.CONSUMER_OFFSETS, StateTopic.partitionFor(groupId,
                topic.partitionCount()));
    }

    /** The cluster id from meta.properties, stable across restarts. */
    public String clusterId() {
        return clusterId;
    }

    /** This broker's node id: the leader of every partition, the controller and every coordinator. */
    public int nodeId() {
        return nodeId;
    }

    /** The host and port clients of the first listener are told to connect to. */
    public Listener advertisedListener() {
        List<Listener> listeners = advertisedListeners;
        if (listeners.isEmpty()) {
            throw new IllegalStateException("the advertised listener is not known before the broker is bound");
        }
        return listeners.get(0);
    }

    /**
     * The host and port a client that came in on the listener named {@code listenerName} is told to connect to: the
     * same listener, as Kafka does, so a client stays on the protocol it chose; the first listener when none has
     * that name (in-process callers).
     */
    public Listener advertisedListener(String listenerName) {
        for (Listener listener : advertisedListeners) {
            if (listener.name().equals(listenerName)) {
                return listener;
            }
        }
        return advertisedListener();
    }

    /** Called once by the broker after binding. */
    public void advertise(Listener listener) {
        advertise(List.of(listener));
    }

    /** Called once by the broker after binding: one advertised address per listener, in listener order. */
    public void advertise(List<Listener> listeners) {
        this.advertisedListeners = List.copyOf(listeners);
    }

    /** The broker's listeners, TLS, SASL and credentials; set once by the broker before it accepts connections. */
    public BrokerSecurity security() {
        BrokerSecurity current = security;
        if (current == null) {
            throw new IllegalStateException("this broker context has no security configured");
        }
        return current;
    }

    /** The ACL authorizer; a disabled one (everything allowed) when the context has no security. */
    public AclAuthorizer authorizer() {
        BrokerSecurity current = security;
        return current == null ? AclAuthorizer.disabled() : current.authorizer();
    }

    /** Called once by the broker before binding. */
    public void useSecurity(BrokerSecurity brokerSecurity) {
        this.security = brokerSecurity;
    }

    /**
     * Registers {@code hook} to run when the broker starts stopping, before it drains in-flight requests: a
     * component that holds requests back (parked fetches) answers them there, so shutdown does not wait for them.
     */
    public void onStopping(Runnable hook) {
        stoppingHooks.add(hook);
    }

    /** Runs the stopping hooks in registration order; called once by the broker. */
    public void stopping() {
        for (Runnable hook : stoppingHooks) {
            hook.run();
        }
    }

    /** Stops the topic-change and producer-id threads once the work under way (if any) is done. */
    @Override
    public void close() {
        topics.close();
        producerIds.close();
    }
}
