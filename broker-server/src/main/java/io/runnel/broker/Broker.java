package io.runnel.broker;

import io.runnel.broker.api.ApiVersionsHandler;
import io.runnel.broker.api.BrokerContext;
import io.runnel.broker.api.ConsumerGroupDescribeHandler;
import io.runnel.broker.api.ConsumerGroupHeartbeatHandler;
import io.runnel.broker.api.CreatePartitionsHandler;
import io.runnel.broker.api.CreateTopicsHandler;
import io.runnel.broker.api.DeleteGroupsHandler;
import io.runnel.broker.api.DeleteTopicsHandler;
import io.runnel.broker.api.DescribeClusterHandler;
import io.runnel.broker.api.DescribeConfigsHandler;
import io.runnel.broker.api.DescribeGroupsHandler;
import io.runnel.broker.api.FetchHandler;
import io.runnel.broker.api.FindCoordinatorHandler;
import io.runnel.broker.api.HeartbeatHandler;
import io.runnel.broker.api.IncrementalAlterConfigsHandler;
import io.runnel.broker.api.InitProducerIdHandler;
import io.runnel.broker.api.JoinGroupHandler;
import io.runnel.broker.api.LeaveGroupHandler;
import io.runnel.broker.api.ListGroupsHandler;
import io.runnel.broker.api.ListOffsetsHandler;
import io.runnel.broker.api.MetadataHandler;
import io.runnel.broker.api.OffsetCommitHandler;
import io.runnel.broker.api.OffsetDeleteHandler;
import io.runnel.broker.api.OffsetFetchHandler;
import io.runnel.broker.api.ProduceHandler;
import io.runnel.broker.api.SyncGroupHandler;
import io.runnel.broker.api.AddOffsetsToTxnHandler;
import io.runnel.broker.api.AddPartitionsToTxnHandler;
import io.runnel.broker.api.DescribeTransactionsHandler;
import io.runnel.broker.api.EndTxnHandler;
import io.runnel.broker.api.ListTransactionsHandler;
import io.runnel.broker.api.TxnOffsetCommitHandler;
import io.runnel.broker.api.DeleteRecordsHandler;
import io.runnel.broker.api.DescribeLogDirsHandler;
import io.runnel.broker.api.DescribeProducersHandler;
import io.runnel.broker.api.DescribeTopicPartitionsHandler;
import io.runnel.broker.api.OffsetForLeaderEpochHandler;
import io.runnel.broker.api.AlterUserScramCredentialsHandler;
import io.runnel.broker.api.CreateAclsHandler;
import io.runnel.broker.api.DeleteAclsHandler;
import io.runnel.broker.api.DescribeAclsHandler;
import io.runnel.broker.api.DescribeClientQuotasHandler;
import io.runnel.broker.api.DescribeUserScramCredentialsHandler;
import io.runnel.broker.api.SaslAuthenticateHandler;
import io.runnel.broker.api.SaslHandshakeHandler;
import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.config.ConfigException;
import io.runnel.broker.config.Listener;
import io.runnel.broker.group.GroupConfig;
import io.runnel.broker.group.GroupCoordinator;
import io.runnel.broker.group.core.TopicMetadataImage;
import io.runnel.broker.group.store.OffsetsTopicStore;
import io.runnel.broker.http.HttpEndpoint;
import io.runnel.broker.http.Readiness;
import io.runnel.broker.log.LogManager;
import io.runnel.broker.log.LogManagerConfig;
import io.runnel.broker.metrics.BrokerMetrics;
import io.runnel.broker.metrics.GroupCollector;
import io.runnel.broker.metrics.GroupLag;
import io.runnel.broker.metrics.GroupReader;
import io.runnel.broker.metrics.LogCollector;
import io.runnel.broker.network.ApiHandlers;
import io.runnel.broker.network.NetworkServer;
import io.runnel.broker.network.NetworkSettings;
import io.runnel.broker.network.Transport;
import io.runnel.broker.security.BrokerSecurity;
import io.runnel.broker.topic.TopicInfo;
import io.runnel.broker.topic.TopicRegistry;
import io.runnel.broker.txn.LogTransactionMarkers;
import io.runnel.broker.txn.TransactionConfig;
import io.runnel.broker.txn.TransactionCoordinator;
import io.runnel.broker.txn.TransactionTopicStore;
import io.runnel.protocol.ApiKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A running broker: its data directory, its handlers and its network server, from start to a clean stop.
 *
 * <p>{@link #start(BrokerConfig)} returns once the broker accepts connections; {@link #close()} stops accepting,
 * answers the requests already taken on (up to {@code shutdown.timeout.ms}), and releases every thread and file
 * it holds. {@link EmbeddedBroker} wraps this for tests; {@link Main} for the command line.
 */
public final class Broker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Broker.class);

    private final BrokerConfig config;
    private final DataDirectory dataDirectory;
    private final LogManager logs;
    private final GroupCoordinator groups;
    private final TransactionCoordinator transactions;
    private final BrokerContext context;
    private final NetworkServer network;
    private final BrokerSecurity security;
    private final List<Listener> listeners;
    private final List<Listener> advertisedListeners;
    private final BrokerMetrics metrics;
    private final Readiness readiness;
    private final HttpEndpoint http;
    private boolean closed;

    private Broker(BrokerConfig config, DataDirectory dataDirectory, LogManager logs, GroupCoordinator groups,
                   TransactionCoordinator transactions, BrokerContext context, NetworkServer network,
                   BrokerSecurity security, List<Listener> listeners, List<Listener> advertisedListeners,
                   BrokerMetrics metrics, Readiness readiness, HttpEndpoint http) {
        this.config = config;
        this.dataDirectory = dataDirectory;
        this.logs = logs;
        this.groups = groups;
        this.transactions = transactions;
        this.context = context;
        this.network = network;
        this.security = security;
        this.listeners = listeners;
        this.advertisedListeners = advertisedListeners;
        this.metrics = metrics;
        this.readiness = readiness;
        this.http = http;
    }

    /**
     * Starts a broker with {@code config}.
     *
     * @throws BrokerStartException when the data directory or the listener cannot be taken; nothing is left
     *                              running or locked
     */
    public static Broker start(BrokerConfig config) {
        return start(config, Transport.best());
    }

    /** As {@link #start(BrokerConfig)} on a given socket transport. */
    public static Broker start(BrokerConfig config, Transport transport) {
        return start(config, transport, config.dataDir());
    }

    /**
     * As {@link #start(BrokerConfig, Transport)} on {@code dataDir} instead of {@code log.dirs}: a path of any
     * {@code java.nio} file system, which is the storage's file layer (the reliability suites pass one that
     * simulates power loss and disk faults). A file system whose channels are not the JDK's own needs
     * {@link Transport#NIO}: epoll's {@code sendfile} reads the JDK channel's file descriptor.
     */
    public static Broker start(BrokerConfig config, Transport transport, Path dataDir) {
        for (String key : config.unknownKeys()) {
            LOG.warn("Ignoring unknown configuration key {}", key);
        }
        DataDirectory dataDirectory = DataDirectory.open(dataDir);
        LogManager logs = null;
        GroupCoordinator groups = null;
        BrokerContext context = null;
        TransactionCoordinator transactions;
        BrokerSecurity security = null;
        try {
            security = BrokerSecurity.open(config, dataDirectory.path());
            int nodeId = config.get(BrokerConfig.NODE_ID);
            MetaProperties meta = MetaProperties.loadOrCreate(dataDirectory.path(), nodeId);
            logs = LogManager.open(LogManagerConfig.from(config, dataDirectory.path()));
            groups = startGroupCoordinator(config, logs);
            context = new BrokerContext(config, logs, meta.clusterId(), nodeId, groups);
            context.useSecurity(security);
            transactions = startTransactionCoordinator(config, logs, groups, context);
            context.attachTransactions(transactions);
        } catch (RuntimeException e) {
            BrokerStartException failure = e instanceof BrokerStartException b ? b
                    : e instanceof ConfigException ? new BrokerStartException(e.getMessage(), e)
                    : new BrokerStartException("Cannot open data directory " + dataDirectory.path() + ": "
                    + e.getMessage(), e);
            if (context != null) {
                context.close();
            }
            if (groups != null) {
                groups.close();
            }
            if (security != null) {
                security.close();
            }
            closeQuietly(logs, dataDirectory, failure);
            throw failure;
        }
        NetworkServer network = new NetworkServer(handlers(context), NetworkSettings.from(config), transport,
                context.metrics());
        List<Listener> bound = new ArrayList<>();
        for (Listener configured : config.listeners()) {
            try {
                InetSocketAddress address = network.start(configured, security.listener(configured.name()));
                bound.add(configured.withPort(address.getPort()));
            } catch (IOException | RuntimeException e) {
                BrokerStartException failure = new BrokerStartException(
                        "Cannot listen on " + configured + ": " + e.getMessage(), e);
                network.close(0);
                context.stopping();
                transactions.close();
                context.close();
                groups.close();
                security.close();
                closeQuietly(logs, dataDirectory, failure);
                throw failure;
            }
        }
        List<Listener> advertised = new ArrayList<>();
        for (Listener listener : bound) {
            advertised.add(advertised(config.get(BrokerConfig.ADVERTISED_LISTENERS), listener));
        }
        context.advertise(advertised);
        BrokerMetrics metrics = context.metrics();
        metrics.network().connectionsOpen(network::openConnections);
        logs.observeFlushes(metrics.storage());
        metrics.register(new LogCollector(logs));
        metrics.register(new GroupCollector(new GroupReader(groups), new GroupLag(logs, System::currentTimeMillis),
                groups.rebalanceCounts()));
        Readiness readiness = new Readiness();
        HttpEndpoint http = null;
        Listener httpListener = config.get(BrokerConfig.HTTP_LISTENER);
        if (httpListener != null) {
            try {
                http = HttpEndpoint.start(httpListener, network::bindAlongside, context, metrics, readiness,
                        System::currentTimeMillis);
            } catch (IOException | RuntimeException e) {
                BrokerStartException failure = new BrokerStartException("Cannot listen on http.listener="
                        + httpListener.hostPort() + ": " + e.getMessage(), e);
                context.stopping();
                transactions.close();
                groups.close();
                network.close(0);
                context.close();
                security.close();
                closeQuietly(logs, dataDirectory, failure);
                throw failure;
            }
        }
        readiness.ready();
        for (int i = 0; i < bound.size(); i++) {
            Listener listener = bound.get(i);
            LOG.info("Runnel broker {} listening on {} ({}, advertised as {}, {} transport)",
                    config.get(BrokerConfig.NODE_ID), listener, config.securityProtocol(listener),
                    advertised.get(i).hostPort(), transport.name().toLowerCase(Locale.ROOT));
        }
        LOG.info("Data in {}, cluster id {}; {}", dataDirectory.path(), context.clusterId(), security.describe());
        return new Broker(config, dataDirectory, logs, groups, transactions, context, network, security, bound,
                advertised, metrics, readiness, http);
    }

    /**
     * The group coordinator on {@code __consumer_offsets} (created at the first start-up, replayed at every start-up),
     * told of every topic change. Close it before the logs.
     */
    private static GroupCoordinator startGroupCoordinator(BrokerConfig config, LogManager logs) {
        OffsetsTopicStore store = OffsetsTopicStore.open(logs, config.get(BrokerConfig.OFFSETS_TOPIC_NUM_PARTITIONS),
                config.get(BrokerConfig.OFFSETS_TOPIC_SEGMENT_BYTES), System::currentTimeMillis);
        TopicRegistry registry = logs.registry();
        GroupCoordinator coordinator = new GroupCoordinator(GroupConfig.from(config), store, store, () -> {
            List<TopicMetadataImage.Topic> topics = new ArrayList<>();
            for (TopicInfo topic : registry.all()) {
                topics.add(new TopicMetadataImage.Topic(topic.name(), topic.id(), topic.partitionCount()));
            }
            return TopicMetadataImage.of(topics);
        });
        registry.addChangeListener(coordinator::topicsChanged);
        return coordinator;
    }

    /**
     * The transaction coordinator on {@code __transaction_state} (created at the first start-up, replayed at every
     * start-up), with producer ids from the context and markers written to the logs and, for offsets, through the
     * group coordinator. Close it before the group coordinator and the logs.
     */
    private static TransactionCoordinator startTransactionCoordinator(BrokerConfig config, LogManager logs,
                                                                      GroupCoordinator groups,
                                                                      BrokerContext context) {
        TransactionConfig txnConfig = TransactionConfig.from(config);
        TransactionTopicStore store = TransactionTopicStore.open(logs, txnConfig, System::currentTimeMillis);
        LogTransactionMarkers markers = new LogTransactionMarkers(logs, groups::completeTransaction,
                System::currentTimeMillis);
        return new TransactionCoordinator(txnConfig, store, context.producerIds()::nextId, markers,
                tp -> logs.log(tp) != null, null);
    }

    /** The handler of every API this broker serves; ApiVersions advertises exactly these. */
    private static ApiHandlers handlers(BrokerContext context) {
        ApiHandlers.Builder builder = ApiHandlers.builder();
        builder.register(ApiKey.METADATA, new MetadataHandler(context));
        builder.register(ApiKey.CREATE_TOPICS, new CreateTopicsHandler(context));
        builder.register(ApiKey.DELETE_TOPICS, new DeleteTopicsHandler(context));
        builder.register(ApiKey.DESCRIBE_CONFIGS, new DescribeConfigsHandler(context));
        builder.register(ApiKey.CREATE_PARTITIONS, new CreatePartitionsHandler(context));
        builder.register(ApiKey.INCREMENTAL_ALTER_CONFIGS, new IncrementalAlterConfigsHandler(context));
        builder.register(ApiKey.DESCRIBE_CLUSTER, new DescribeClusterHandler(context));
        builder.register(ApiKey.PRODUCE, new ProduceHandler(context.logs(), context.transactions(),
                context.metrics().topics(), context.authorizer()));
        builder.register(ApiKey.INIT_PRODUCER_ID, new InitProducerIdHandler(context.producerIds(),
                context.transactions(), context.authorizer()));
        builder.register(ApiKey.ADD_PARTITIONS_TO_TXN, new AddPartitionsToTxnHandler(context));
        builder.register(ApiKey.ADD_OFFSETS_TO_TXN, new AddOffsetsToTxnHandler(context));
        builder.register(ApiKey.END_TXN, new EndTxnHandler(context));
        builder.register(ApiKey.TXN_OFFSET_COMMIT, new TxnOffsetCommitHandler(context));
        builder.register(ApiKey.DESCRIBE_TRANSACTIONS, new DescribeTransactionsHandler(context));
        builder.register(ApiKey.LIST_TRANSACTIONS, new ListTransactionsHandler(context));
        builder.register(ApiKey.DESCRIBE_PRODUCERS, new DescribeProducersHandler(context.logs()));
        builder.register(ApiKey.DELETE_RECORDS, new DeleteRecordsHandler(context.logs(), context.authorizer()));
        builder.register(ApiKey.DESCRIBE_LOG_DIRS, new DescribeLogDirsHandler(context.logs(), context.authorizer()));
        builder.register(ApiKey.OFFSET_FOR_LEADER_EPOCH, new OffsetForLeaderEpochHandler(context.logs()));
        builder.register(ApiKey.DESCRIBE_TOPIC_PARTITIONS, new DescribeTopicPartitionsHandler(context));
        builder.register(ApiKey.FETCH, FetchHandler.create(context));
        builder.register(ApiKey.LIST_OFFSETS, new ListOffsetsHandler(context.logs(), context.authorizer()));
        builder.register(ApiKey.OFFSET_COMMIT, new OffsetCommitHandler(context));
        builder.register(ApiKey.OFFSET_FETCH, new OffsetFetchHandler(context));
        builder.register(ApiKey.FIND_COORDINATOR, new FindCoordinatorHandler(context));
        builder.register(ApiKey.JOIN_GROUP, new JoinGroupHandler(context));
        builder.register(ApiKey.HEARTBEAT, new HeartbeatHandler(context));
        builder.register(ApiKey.LEAVE_GROUP, new LeaveGroupHandler(context));
        builder.register(ApiKey.SYNC_GROUP, new SyncGroupHandler(context));
        builder.register(ApiKey.DESCRIBE_GROUPS, new DescribeGroupsHandler(context));
        builder.register(ApiKey.LIST_GROUPS, new ListGroupsHandler(context));
        builder.register(ApiKey.DELETE_GROUPS, new DeleteGroupsHandler(context));
        builder.register(ApiKey.OFFSET_DELETE, new OffsetDeleteHandler(context));
        builder.register(ApiKey.CONSUMER_GROUP_HEARTBEAT, new ConsumerGroupHeartbeatHandler(context));
        builder.register(ApiKey.CONSUMER_GROUP_DESCRIBE, new ConsumerGroupDescribeHandler(context));
        registerSecurityHandlers(builder, context);
        List<ApiKey> served = new ArrayList<>(builder.registered());
        served.add(ApiKey.API_VERSIONS);
        builder.register(ApiKey.API_VERSIONS, new ApiVersionsHandler(served));
        return builder.build();
    }

    /** SASL authentication, SCRAM credential management and the ACL APIs. */
    private static void registerSecurityHandlers(ApiHandlers.Builder builder, BrokerContext context) {
        builder.register(ApiKey.SASL_HANDSHAKE, new SaslHandshakeHandler(context));
        builder.register(ApiKey.SASL_AUTHENTICATE, new SaslAuthenticateHandler(context));
        builder.register(ApiKey.DESCRIBE_USER_SCRAM_CREDENTIALS, new DescribeUserScramCredentialsHandler(context));
        builder.register(ApiKey.ALTER_USER_SCRAM_CREDENTIALS, new AlterUserScramCredentialsHandler(context));
        builder.register(ApiKey.DESCRIBE_ACLS, new DescribeAclsHandler(context));
        builder.register(ApiKey.CREATE_ACLS, new CreateAclsHandler(context));
        builder.register(ApiKey.DELETE_ACLS, new DeleteAclsHandler(context));
        builder.register(ApiKey.DESCRIBE_CLIENT_QUOTAS, new DescribeClientQuotasHandler(context));
    }

    /** The advertised listener of {@code listener}'s name, else the listener itself with a usable host. */
    private static Listener advertised(List<Listener> configured, Listener listener) {
        for (Listener candidate : configured) {
            if (candidate.name().equals(listener.name())) {
                return candidate.port() == 0 ? candidate.withPort(listener.port()) : candidate;
            }
        }
        if (!listener.isWildcard()) {
            return listener;
        }
        try {
            return listener.withHost(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException e) {
            LOG.warn("Cannot find this machine's host name ({}); advertising localhost. Set advertised.listeners.",
                    e.getMessage());
            return listener.withHost("localhost");
        }
    }

    private static void closeQuietly(LogManager logs, DataDirectory dataDirectory, RuntimeException failure) {
        if (logs != null) {
            try {
                logs.close();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        try {
            dataDirectory.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /** The configuration in effect. */
    public BrokerConfig config() {
        return config;
    }

    /** The first listener as bound: the configured host with the actual port. */
    public Listener listener() {
        return listeners.get(0);
    }

    /** Every listener as bound, in the configured order. */
    public List<Listener> listeners() {
        return listeners;
    }

    /**
     * The listener named {@code name} as bound.
     *
     * @throws IllegalArgumentException when there is none
     */
    public Listener listener(String name) {
        for (Listener listener : listeners) {
            if (listener.name().equals(name)) {
                return listener;
            }
        }
        throw new IllegalArgumentException("no listener is named " + name);
    }

    /** The address clients of the first listener are told to connect to. */
    public Listener advertisedListener() {
        return advertisedListeners.get(0);
    }

    /** The addresses clients are told to connect to, one per listener. */
    public List<Listener> advertisedListeners() {
        return advertisedListeners;
    }

    /** TLS, SASL, the credential store and the authorizer. */
    public BrokerSecurity security() {
        return security;
    }

    /** The absolute data directory. */
    public Path dataDir() {
        return dataDirectory.path();
    }

    /** The partition logs and topic registry. */
    public LogManager logs() {
        return logs;
    }

    /** What the handlers share, for in-process users and tests. */
    public BrokerContext context() {
        return context;
    }

    /** The broker's metrics, as {@code /metrics} serves them. */
    public BrokerMetrics metrics() {
        return metrics;
    }

    /** Where the HTTP endpoint listens, or null when {@code http.listener=none}. */
    public InetSocketAddress httpAddress() {
        return http == null ? null : http.address();
    }

    /** Connections open now. */
    public int openConnections() {
        return network.openConnections();
    }

    /**
     * Stops the broker: no new connections, in-flight requests answered (up to {@code shutdown.timeout.ms}),
     * connections closed, threads stopped, the data directory unlocked. Later calls return at once.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("Runnel broker {} stopping", config.get(BrokerConfig.NODE_ID));
        readiness.notReady("stopping");
        context.stopping();
        // Before the drain, so that requests parked in a rebalance are answered (NOT_COORDINATOR) and do not hold it up.
        // Transactions first: ending one writes markers through the group coordinator.
        transactions.close();
        groups.close();
        if (http != null) {
            // Before the network: the HTTP connections live on its event loops.
            http.close();
        }
        network.close(config.get(BrokerConfig.SHUTDOWN_TIMEOUT_MS));
        context.close();
        security.close();
        // After the network: every in-flight append has finished, so the clean-shutdown marker tells the truth.
        logs.close();
        try {
            dataDirectory.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot release the lock of " + dataDirectory.path(), e);
        }
        LOG.info("Runnel broker {} stopped", config.get(BrokerConfig.NODE_ID));
    }
}
