package io.runnel.broker.config;

import static io.runnel.broker.config.ConfigTypes.booleanKey;
import static io.runnel.broker.config.ConfigTypes.choiceKey;
import static io.runnel.broker.config.ConfigTypes.choiceListKey;
import static io.runnel.broker.config.ConfigTypes.directoryKey;
import static io.runnel.broker.config.ConfigTypes.doubleKey;
import static io.runnel.broker.config.ConfigTypes.hostPortOrNoneKey;
import static io.runnel.broker.config.ConfigTypes.intKey;
import static io.runnel.broker.config.ConfigTypes.listenersKey;
import static io.runnel.broker.config.ConfigTypes.longKey;
import static io.runnel.broker.config.ConfigTypes.nameListKey;
import static io.runnel.broker.config.ConfigTypes.optionalListenersKey;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The broker's configuration: every key with its type, default and validation, and the values in effect.
 *
 * <p>Values come from the defaults, then a properties file, then command-line overrides, each later source
 * winning ({@link io.runnel.broker.Main} merges the sources). Every value is parsed and checked when the configuration is built, so a bad value stops
 * start-up with a {@link ConfigException} naming the key, the value and the reason. Keys the broker does not know
 * are kept aside in {@link #unknownKeys()} so that a Kafka configuration file can be reused.
 */
public final class BrokerConfig {
    private static final int MAX = Integer.MAX_VALUE;
    private static final long LMAX = Long.MAX_VALUE;

    // ---- identity and network ----
    public static final ConfigKey<Integer> NODE_ID = intKey("node.id", 1, 0, MAX,
            "The id of this broker, reported to clients in Metadata and DescribeCluster.");
    public static final ConfigKey<List<Listener>> LISTENERS = listenersKey("listeners", "PLAINTEXT://localhost:9092",
            "Where the broker accepts connections, as NAME://host:port separated by commas, e.g. "
                    + "PLAINTEXT://:9092,SASL_SSL://:9093; each name is a security protocol or is mapped to one by "
                    + "listener.security.protocol.map. An empty host or 0.0.0.0 binds every interface; port 0 picks "
                    + "a free port. --port overrides the port of the first listener.");
    public static final ConfigKey<List<Listener>> ADVERTISED_LISTENERS = optionalListenersKey("advertised.listeners",
            "The addresses clients are told to connect to, as NAME://host:port per listener name. A client is "
                    + "told the address of the listener it connected to. A listener left out: its host and actual "
                    + "port (for a wildcard listener, this machine's host name).");
    public static final ConfigKey<Integer> NUM_NETWORK_THREADS = intKey("num.network.threads", 3, 1, 256,
            "Threads that do socket I/O, request decoding and the request handlers.");
    public static final ConfigKey<Integer> MAX_CONNECTIONS = intKey("max.connections", 1000, 1, MAX,
            "Connections the broker holds open at once; a connection beyond this is closed as soon as it is "
                    + "accepted.");
    public static final ConfigKey<Integer> SOCKET_REQUEST_MAX_BYTES = intKey("socket.request.max.bytes",
            104857600, 1, MAX,
            "The largest request frame accepted. A larger (or negative) size prefix closes the connection before "
                    + "anything is allocated for the frame.");
    public static final ConfigKey<Integer> CONNECTION_MAX_INFLIGHT_REQUEST_BYTES = intKey(
            "connection.max.inflight.request.bytes", 104857600, 1, MAX,
            "Runnel: bytes of requests one connection may have sent but not yet received the responses for. Past "
                    + "this the broker stops reading that connection until responses drain (a single larger "
                    + "request is still served).");
    public static final ConfigKey<Integer> CONNECTION_MAX_INFLIGHT_REQUESTS = intKey(
            "connection.max.inflight.requests", 1000, 1, MAX,
            "Runnel: requests one connection may have sent but not yet received the responses for; past this the "
                    + "broker stops reading that connection until responses drain.");
    public static final ConfigKey<Long> CONNECTIONS_MAX_IDLE_MS = longKey("connections.max.idle.ms", 600000L, 0,
            LMAX, "A connection that sends nothing for this long is closed; 0 keeps idle connections forever.");
    public static final ConfigKey<Long> SHUTDOWN_TIMEOUT_MS = longKey("shutdown.timeout.ms", 30000L, 0, LMAX,
            "Runnel: how long a clean shutdown waits for in-flight requests to be answered before it closes their "
                    + "connections anyway.");

    public static final ConfigKey<Listener> HTTP_LISTENER = hostPortOrNoneKey("http.listener", "127.0.0.1:9644",
            "Runnel: where the HTTP endpoint listens (/metrics, /health, /ready, the JSON API under /api/v1/ and "
                    + "the web console at /), as host:port; none switches it off. It has no login: keep it on "
                    + "loopback unless the network in front of it is trusted. Port 0 picks a free port.");

    // ---- topics and messages ----
    public static final ConfigKey<Integer> NUM_PARTITIONS = intKey("num.partitions", 1, 1, MAX,
            "Partitions of a topic created automatically or without an explicit partition count.");
    public static final ConfigKey<Boolean> AUTO_CREATE_TOPICS_ENABLE = booleanKey("auto.create.topics.enable",
            true, "Create a topic when a client asks for metadata of, or produces to, one that does not exist.");
    public static final ConfigKey<Integer> MAX_PARTITIONS_PER_TOPIC = intKey("max.partitions.per.topic", 10000, 1,
            MAX, "Runnel: the most partitions one topic may have; CreateTopics and CreatePartitions asking for more "
                    + "get INVALID_PARTITIONS.");
    public static final ConfigKey<Boolean> DELETE_TOPIC_ENABLE = booleanKey("delete.topic.enable", true,
            "Whether DeleteTopics may delete topics; when false it gets TOPIC_DELETION_DISABLED.");
    public static final ConfigKey<Integer> MESSAGE_MAX_BYTES = intKey("message.max.bytes", 1048588, 0, MAX,
            "The largest record batch accepted (after compression); larger ones get MESSAGE_TOO_LARGE. Topics "
                    + "override it with max.message.bytes.");

    // ---- storage: the data directory and the defaults of every topic ----
    public static final ConfigKey<Path> LOG_DIRS = directoryKey("log.dirs", "./data",
            "The directory holding all topic data, created if missing (--data-dir overrides). One directory.");
    public static final ConfigKey<Integer> LOG_SEGMENT_BYTES = intKey("log.segment.bytes", 1073741824, 14, MAX,
            "Size at which a partition's active segment file is closed and a new one started. Topic key: "
                    + "segment.bytes.");
    public static final ConfigKey<Long> LOG_ROLL_MS = longKey("log.roll.ms", 604800000L, 1, LMAX,
            "Age at which the active segment is rolled even if it is not full. Topic key: segment.ms.");
    public static final ConfigKey<Integer> LOG_ROLL_HOURS = intKey("log.roll.hours", 168, 1, MAX,
            "log.roll.ms in hours; used only when log.roll.ms is not set.");
    public static final ConfigKey<Long> LOG_RETENTION_MS = longKey("log.retention.ms", 604800000L, -1, LMAX,
            "Segments whose newest record is older than this are deleted; -1 keeps them forever. Topic key: "
                    + "retention.ms.");
    public static final ConfigKey<Integer> LOG_RETENTION_MINUTES = intKey("log.retention.minutes", 10080, -1, MAX,
            "log.retention.ms in minutes; used only when log.retention.ms is not set.");
    public static final ConfigKey<Integer> LOG_RETENTION_HOURS = intKey("log.retention.hours", 168, -1, MAX,
            "log.retention.ms in hours; used only when neither log.retention.ms nor log.retention.minutes is set.");
    public static final ConfigKey<Long> LOG_RETENTION_BYTES = longKey("log.retention.bytes", -1L, -1, LMAX,
            "Oldest segments are deleted while a partition is larger than this; -1 means no size limit. Topic key: "
                    + "retention.bytes.");
    public static final ConfigKey<List<String>> LOG_CLEANUP_POLICY = choiceListKey("log.cleanup.policy", "delete",
            List.of("delete", "compact"), "What happens to old segments: delete (retention by time and size), "
                    + "compact (keep the latest record of each key), or compact,delete. Topic key: cleanup.policy.");
    public static final ConfigKey<String> LOG_MESSAGE_TIMESTAMP_TYPE = choiceKey("log.message.timestamp.type",
            "CreateTime", List.of("CreateTime", "LogAppendTime"), "CreateTime keeps the producer's timestamps; "
                    + "LogAppendTime stamps each batch with the broker's clock. Topic key: message.timestamp.type.");
    public static final ConfigKey<Long> LOG_MESSAGE_TIMESTAMP_BEFORE_MAX_MS = longKey(
            "log.message.timestamp.before.max.ms", LMAX, 0, LMAX, "With CreateTime, a record whose timestamp is "
                    + "more than this before the broker's clock is refused with INVALID_TIMESTAMP (the default "
                    + "accepts any past time). Topic key: message.timestamp.before.max.ms.");
    public static final ConfigKey<Long> LOG_MESSAGE_TIMESTAMP_AFTER_MAX_MS = longKey(
            "log.message.timestamp.after.max.ms", 3600000L, 0, LMAX, "With CreateTime, a record whose timestamp is "
                    + "more than this after the broker's clock is refused with INVALID_TIMESTAMP (Kafka 4's default: "
                    + "one hour). Topic key: message.timestamp.after.max.ms.");
    public static final ConfigKey<Integer> LOG_INDEX_INTERVAL_BYTES = intKey("log.index.interval.bytes", 4096, 0,
            MAX, "Bytes of log between two entries of the sparse offset and time indexes. Topic key: "
                    + "index.interval.bytes.");
    public static final ConfigKey<Integer> LOG_INDEX_SIZE_MAX_BYTES = intKey("log.index.size.max.bytes", 10485760,
            12, MAX, "Size an index file is preallocated to; a segment whose index is full is rolled. Topic key: "
                    + "segment.index.bytes.");
    public static final ConfigKey<Boolean> LOG_FSYNC_ENABLE = booleanKey("log.fsync.enable", true,
            "Runnel: acknowledge acks=all writes only once they are fsynced (one fsync covers every write waiting "
                    + "for it). false acknowledges them once written to the OS, as Kafka does.");
    public static final ConfigKey<Long> LOG_FLUSH_INTERVAL_MESSAGES = longKey("log.flush.interval.messages",
            LMAX, 1, LMAX, "Force an fsync of a partition after this many records, whatever the acks. Topic key: "
                    + "flush.messages.");
    public static final ConfigKey<Long> LOG_FLUSH_INTERVAL_MS = longKey("log.flush.interval.ms", LMAX, 0, LMAX,
            "Force an fsync of a partition when its oldest unflushed record is this old, whatever the acks. Topic "
                    + "key: flush.ms.");
    public static final ConfigKey<Long> LOG_FLUSH_SCHEDULER_INTERVAL_MS = longKey("log.flush.scheduler.interval.ms",
            1000L, 1, LMAX, "How often partitions are checked against log.flush.interval.ms (Kafka's default is "
                    + "never; Runnel checks every second).");
    public static final ConfigKey<Integer> LOG_FLUSH_THREADS = intKey("log.flush.threads", 2, 1, 256,
            "Runnel: threads that fsync partitions for acks=all writes and periodic flushes.");
    public static final ConfigKey<Long> LOG_FLUSH_OFFSET_CHECKPOINT_INTERVAL_MS = longKey(
            "log.flush.offset.checkpoint.interval.ms", 60000L, 1, LMAX,
            "How often each partition's recovery point is written down; after a crash, recovery checks only the "
                    + "data past it.");
    public static final ConfigKey<Long> LOG_RETENTION_CHECK_INTERVAL_MS = longKey(
            "log.retention.check.interval.ms", 300000L, 1, LMAX, "How often retention is applied.");
    public static final ConfigKey<Boolean> LOG_CLEANER_ENABLE = booleanKey("log.cleaner.enable", true,
            "Run the log cleaner, which compacts topics whose cleanup.policy includes compact.");
    public static final ConfigKey<Long> LOG_CLEANER_BACKOFF_MS = longKey("log.cleaner.backoff.ms", 15000L, 1, LMAX,
            "How long the cleaner sleeps when no log needs compacting.");
    public static final ConfigKey<Long> LOG_CLEANER_DELETE_RETENTION_MS = longKey("log.cleaner.delete.retention.ms",
            86400000L, 0, LMAX, "How long a tombstone (a record with a null value) survives compaction. Topic key: "
                    + "delete.retention.ms.");
    public static final ConfigKey<Double> LOG_CLEANER_MIN_CLEANABLE_RATIO = doubleKey(
            "log.cleaner.min.cleanable.ratio", 0.5, 0, 1, "A log is compacted once this fraction of its closed "
                    + "segments' bytes has not been compacted yet. Topic key: min.cleanable.dirty.ratio.");
    public static final ConfigKey<Integer> LOG_OPEN_SEGMENTS_MAX = intKey("log.open.segments.max", 4096, 1, MAX,
            "Runnel: segments whose files (log and indexes) are held open at once; the least recently used are "
                    + "closed past this.");
    public static final ConfigKey<Long> PRODUCER_ID_EXPIRATION_MS = longKey("producer.id.expiration.ms", 86400000L,
            1, LMAX, "How long a partition remembers an idempotent producer (its epoch and last sequences) after "
                    + "the producer's last write; a producer idle longer starts afresh.");
    public static final ConfigKey<Integer> NUM_RECOVERY_THREADS_PER_DATA_DIR = intKey(
            "num.recovery.threads.per.data.dir", 2, 1, 256,
            "Threads that check partitions in parallel when starting after a crash.");

    // ---- consumer groups ----
    public static final ConfigKey<Integer> GROUP_INITIAL_REBALANCE_DELAY_MS = intKey(
            "group.initial.rebalance.delay.ms", 500, 0, MAX,
            "Classic protocol: how long the first rebalance of an empty group waits for more members; each newcomer "
                    + "extends it by as much again, within the rebalance timeout. 0 turns it off (Kafka: 3000).");
    public static final ConfigKey<Integer> GROUP_MIN_SESSION_TIMEOUT_MS = intKey("group.min.session.timeout.ms",
            1000, 1, MAX, "Classic protocol: the smallest session timeout a member may ask for (Kafka: 6000).");
    public static final ConfigKey<Integer> GROUP_MAX_SESSION_TIMEOUT_MS = intKey("group.max.session.timeout.ms",
            1800000, 1, MAX, "Classic protocol: the largest session timeout a member may ask for.");
    public static final ConfigKey<Integer> GROUP_MAX_SIZE = intKey("group.max.size", MAX, 1, MAX,
            "Classic protocol: members one group may have; more get GROUP_MAX_SIZE_REACHED.");
    public static final ConfigKey<Integer> GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS = intKey(
            "group.consumer.heartbeat.interval.ms", 1000, 1, MAX,
            "Consumer protocol: how often members heartbeat; it bounds how fast a rebalance settles (Kafka: 5000).");
    public static final ConfigKey<Integer> GROUP_CONSUMER_SESSION_TIMEOUT_MS = intKey(
            "group.consumer.session.timeout.ms", 10000, 1, MAX,
            "Consumer protocol: a member silent this long is removed and its partitions reassigned; must exceed "
                    + "the heartbeat interval (Kafka: 45000).");
    public static final ConfigKey<Integer> GROUP_CONSUMER_MAX_SIZE = intKey("group.consumer.max.size", MAX, 1, MAX,
            "Consumer protocol: members one group may have; more get GROUP_MAX_SIZE_REACHED.");
    public static final ConfigKey<List<String>> GROUP_CONSUMER_ASSIGNORS = nameListKey("group.consumer.assignors",
            "uniform,range", Set.of("uniform", "range"),
            Map.of("org.apache.kafka.coordinator.group.assignor.UniformAssignor", "uniform",
                    "org.apache.kafka.coordinator.group.assignor.RangeAssignor", "range"),
            "Consumer protocol: the server assignors members may ask for (uniform, range, or Kafka's class names "
                    + "of them); the first is used when no member asks.");
    public static final ConfigKey<Integer> OFFSETS_TOPIC_NUM_PARTITIONS = intKey("offsets.topic.num.partitions", 10,
            1, 1000, "Partitions of __consumer_offsets, where committed offsets and groups are stored; applies "
                    + "only when the topic is created (at the first start-up). Kafka: 50, to spread coordinators "
                    + "over brokers; one broker needs fewer files.");
    public static final ConfigKey<Integer> OFFSETS_TOPIC_SEGMENT_BYTES = intKey("offsets.topic.segment.bytes",
            104857600, 14, MAX, "Segment size of __consumer_offsets, kept small so compaction can run often.");
    public static final ConfigKey<Integer> OFFSETS_RETENTION_MINUTES = intKey("offsets.retention.minutes", 10080, 1,
            MAX, "Committed offsets of a group are deleted this long after it became empty (after the commit for "
                    + "groups that only store offsets, or for topics nobody in a consumer-protocol group reads).");
    public static final ConfigKey<Long> OFFSETS_RETENTION_CHECK_INTERVAL_MS = longKey(
            "offsets.retention.check.interval.ms", 600000L, 1, LMAX,
            "How often expired offsets and empty groups without offsets are deleted.");
    public static final ConfigKey<Integer> OFFSET_METADATA_MAX_BYTES = intKey("offset.metadata.max.bytes", 4096, 0,
            MAX, "The longest metadata string an offset commit may carry; longer ones get "
                    + "OFFSET_METADATA_TOO_LARGE.");

    // ---- transactions ----
    public static final ConfigKey<Integer> TRANSACTION_MAX_TIMEOUT_MS = intKey("transaction.max.timeout.ms", 900000,
            1, MAX, "The longest transaction timeout a producer may ask for (transaction.timeout.ms); a longer one "
                    + "gets INVALID_TRANSACTION_TIMEOUT.");
    public static final ConfigKey<Long> TRANSACTIONAL_ID_EXPIRATION_MS = longKey("transactional.id.expiration.ms",
            604800000L, 1, LMAX, "A transactional id with no transaction open and no change for this long is "
                    + "forgotten; its producer starts afresh with a new producer id.");
    public static final ConfigKey<Integer> TRANSACTION_STATE_LOG_NUM_PARTITIONS = intKey(
            "transaction.state.log.num.partitions", 10, 1, 1000, "Partitions of __transaction_state, where the "
                    + "state of every transactional id is stored; applies only when the topic is created (at the "
                    + "first start-up). Kafka: 50, to spread coordinators over brokers; one broker needs fewer files.");
    public static final ConfigKey<Integer> TRANSACTION_STATE_LOG_SEGMENT_BYTES = intKey(
            "transaction.state.log.segment.bytes", 104857600, 14, MAX,
            "Segment size of __transaction_state, kept small so compaction can run often.");

    private static final List<ConfigKey<?>> CORE_KEYS = List.of(
            NODE_ID, LISTENERS, ADVERTISED_LISTENERS, NUM_NETWORK_THREADS, MAX_CONNECTIONS,
            SOCKET_REQUEST_MAX_BYTES, CONNECTION_MAX_INFLIGHT_REQUEST_BYTES, CONNECTION_MAX_INFLIGHT_REQUESTS,
            CONNECTIONS_MAX_IDLE_MS, SHUTDOWN_TIMEOUT_MS, HTTP_LISTENER,
            NUM_PARTITIONS, AUTO_CREATE_TOPICS_ENABLE, MAX_PARTITIONS_PER_TOPIC, DELETE_TOPIC_ENABLE,
            MESSAGE_MAX_BYTES,
            LOG_DIRS, LOG_SEGMENT_BYTES, LOG_ROLL_MS, LOG_ROLL_HOURS, LOG_RETENTION_MS, LOG_RETENTION_MINUTES,
            LOG_RETENTION_HOURS, LOG_RETENTION_BYTES, LOG_CLEANUP_POLICY, LOG_MESSAGE_TIMESTAMP_TYPE,
            LOG_MESSAGE_TIMESTAMP_BEFORE_MAX_MS, LOG_MESSAGE_TIMESTAMP_AFTER_MAX_MS,
            LOG_INDEX_INTERVAL_BYTES, LOG_INDEX_SIZE_MAX_BYTES, LOG_FSYNC_ENABLE, LOG_FLUSH_INTERVAL_MESSAGES,
            LOG_FLUSH_INTERVAL_MS, LOG_FLUSH_SCHEDULER_INTERVAL_MS, LOG_FLUSH_THREADS,
            LOG_FLUSH_OFFSET_CHECKPOINT_INTERVAL_MS, LOG_RETENTION_CHECK_INTERVAL_MS, LOG_CLEANER_ENABLE,
            LOG_CLEANER_BACKOFF_MS, LOG_CLEANER_DELETE_RETENTION_MS, LOG_CLEANER_MIN_CLEANABLE_RATIO,
            LOG_OPEN_SEGMENTS_MAX, PRODUCER_ID_EXPIRATION_MS, NUM_RECOVERY_THREADS_PER_DATA_DIR,
            GROUP_INITIAL_REBALANCE_DELAY_MS, GROUP_MIN_SESSION_TIMEOUT_MS, GROUP_MAX_SESSION_TIMEOUT_MS,
            GROUP_MAX_SIZE, GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS, GROUP_CONSUMER_SESSION_TIMEOUT_MS,
            GROUP_CONSUMER_MAX_SIZE, GROUP_CONSUMER_ASSIGNORS, OFFSETS_TOPIC_NUM_PARTITIONS,
            OFFSETS_TOPIC_SEGMENT_BYTES, OFFSETS_RETENTION_MINUTES, OFFSETS_RETENTION_CHECK_INTERVAL_MS,
            OFFSET_METADATA_MAX_BYTES, TRANSACTION_MAX_TIMEOUT_MS, TRANSACTIONAL_ID_EXPIRATION_MS,
            TRANSACTION_STATE_LOG_NUM_PARTITIONS, TRANSACTION_STATE_LOG_SEGMENT_BYTES);

    /** Every key, in the order broker.properties documents them: the security keys ({@link SecurityConfigKeys}) last. */
    public static final List<ConfigKey<?>> KEYS = concat(CORE_KEYS, SecurityConfigKeys.KEYS);

    private static final Map<String, ConfigKey<?>> BY_NAME = byName();

    private final Map<ConfigKey<?>, Object> values;
    private final Set<ConfigKey<?>> explicit;
    private final Set<String> unknownKeys;
    private final Map<String, String> settings;

    private BrokerConfig(Map<ConfigKey<?>, Object> values, Set<ConfigKey<?>> explicit, Set<String> unknownKeys,
                         Map<String, String> settings) {
        this.values = values;
        this.explicit = explicit;
        this.unknownKeys = unknownKeys;
        this.settings = settings;
    }

    /** Every key at its default. */
    public static BrokerConfig defaults() {
        return of(Map.of());
    }

    /**
     * Builds a configuration from explicit values over the defaults.
     *
     * @throws ConfigException for the first value (in {@link #KEYS} order) that is unusable
     */
    public static BrokerConfig of(Map<String, String> settings) {
        Map<ConfigKey<?>, Object> values = new HashMap<>();
        Set<ConfigKey<?>> explicit = new HashSet<>();
        Set<String> unknown = new TreeSet<>();
        for (String name : settings.keySet()) {
            if (!BY_NAME.containsKey(name)) {
                unknown.add(name);
            }
        }
        for (ConfigKey<?> key : KEYS) {
            String text = settings.get(key.name());
            if (text == null) {
                values.put(key, key.defaultValue());
            } else {
                values.put(key, key.parse(text));
                explicit.add(key);
            }
        }
        checkGroupTimeouts(values);
        checkListeners(values, settings);
        return new BrokerConfig(values, Collections.unmodifiableSet(explicit), Collections.unmodifiableSet(unknown),
                Collections.unmodifiableMap(new LinkedHashMap<>(settings)));
    }

    /** Every listener's name has a protocol; an advertised listener names a listener. */
    @SuppressWarnings("unchecked")
    private static void checkListeners(Map<ConfigKey<?>, Object> values, Map<String, String> settings) {
        String listenersText = settings.getOrDefault(LISTENERS.name(), LISTENERS.defaultText()).trim();
        Map<String, String> protocols = (Map<String, String>) values.get(SecurityConfigKeys.LISTENER_SECURITY_PROTOCOL_MAP);
        Set<String> names = new HashSet<>();
        for (Listener listener : (List<Listener>) values.get(LISTENERS)) {
            names.add(listener.name());
            if (!protocols.containsKey(listener.name())) {
                throw new ConfigException(LISTENERS.name(), listenersText, "listener " + listener.name()
                        + " has no protocol in " + SecurityConfigKeys.LISTENER_SECURITY_PROTOCOL_MAP.name());
            }
        }
        for (Listener advertised : (List<Listener>) values.get(ADVERTISED_LISTENERS)) {
            if (!names.contains(advertised.name())) {
                throw new ConfigException(ADVERTISED_LISTENERS.name(),
                        settings.get(ADVERTISED_LISTENERS.name()).trim(), "no listener is named "
                        + advertised.name());
            }
        }
    }

    /** The group timeouts that bound one another; the first broken rule throws naming the key to change. */
    private static void checkGroupTimeouts(Map<ConfigKey<?>, Object> values) {
        int heartbeat = (Integer) values.get(GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS);
        int session = (Integer) values.get(GROUP_CONSUMER_SESSION_TIMEOUT_MS);
        if (session <= heartbeat) {
            throw new ConfigException(GROUP_CONSUMER_SESSION_TIMEOUT_MS.name(), Integer.toString(session),
                    "must be greater than " + GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS.name() + "=" + heartbeat);
        }
        int minSession = (Integer) values.get(GROUP_MIN_SESSION_TIMEOUT_MS);
        int maxSession = (Integer) values.get(GROUP_MAX_SESSION_TIMEOUT_MS);
        if (maxSession < minSession) {
            throw new ConfigException(GROUP_MAX_SESSION_TIMEOUT_MS.name(), Integer.toString(maxSession),
                    "must be at least " + GROUP_MIN_SESSION_TIMEOUT_MS.name() + "=" + minSession);
        }
    }

    /** Reads a properties file (UTF-8) into a map. */
    public static Map<String, String> readProperties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("Cannot read configuration file " + file + ": " + describe(e));
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            settings.put(name, properties.getProperty(name));
        }
        return settings;
    }

    /** The key with this name, or {@code null} when the broker has none. */
    public static ConfigKey<?> key(String name) {
        return BY_NAME.get(name);
    }

    /** The value in effect for {@code key}. */
    @SuppressWarnings("unchecked")
    public <T> T get(ConfigKey<T> key) {
        return (T) values.get(key);
    }

    /** True when the value was given (file or override) rather than defaulted. */
    public boolean isExplicit(ConfigKey<?> key) {
        return explicit.contains(key);
    }

    /**
     * The value of {@code key} as text: as it was given (trimmed), or its default as broker.properties documents it.
     */
    public String text(ConfigKey<?> key) {
        return explicit.contains(key) ? settings.get(key.name()).trim() : key.defaultText();
    }

    /**
     * The broker-wide default of a topic key: the value of its most precise broker key that was given (so
     * {@code log.retention.ms} beats {@code log.retention.minutes}, which beats {@code log.retention.hours}), in the
     * topic key's unit; when none was given, the default of the first.
     */
    public <T> T topicDefault(TopicConfigKey<T> key) {
        for (TopicConfigKey.Synonym synonym : key.synonyms()) {
            if (explicit.contains(synonym.key())) {
                return key.inUnit(synonym, get(synonym.key()));
            }
        }
        return get(key.brokerKey());
    }

    /** The settings exactly as given (file, then overrides), unknown keys included; values are read through keys. */
    public Map<String, String> settings() {
        return settings;
    }

    /** Keys that were given but that the broker does not know, sorted; they are ignored. */
    public Set<String> unknownKeys() {
        return unknownKeys;
    }

    /** The listeners to bind, in the order configured. */
    public List<Listener> listeners() {
        return get(LISTENERS);
    }

    /** The first listener: the one {@code --port} sets and the one tools reach by default. */
    public Listener listener() {
        return get(LISTENERS).get(0);
    }

    /**
     * The security protocol of {@code listener}: what listener.security.protocol.map maps its name to.
     *
     * @throws ConfigException when the map has no entry for the name
     */
    public String securityProtocol(Listener listener) {
        String protocol = get(SecurityConfigKeys.LISTENER_SECURITY_PROTOCOL_MAP).get(listener.name());
        if (protocol == null) {
            throw new ConfigException(SecurityConfigKeys.LISTENER_SECURITY_PROTOCOL_MAP.name(),
                    text(SecurityConfigKeys.LISTENER_SECURITY_PROTOCOL_MAP), "has no protocol for listener "
                    + listener.name());
        }
        return protocol;
    }

    /** The data directory, as configured (possibly relative). */
    public Path dataDir() {
        return get(LOG_DIRS);
    }

    private static Map<String, ConfigKey<?>> byName() {
        Map<String, ConfigKey<?>> map = new HashMap<>();
        for (ConfigKey<?> key : KEYS) {
            if (map.put(key.name(), key) != null) {
                throw new IllegalStateException("configuration key defined twice: " + key.name());
            }
        }
        return map;
    }

    private static List<ConfigKey<?>> concat(List<ConfigKey<?>> first, List<ConfigKey<?>> second) {
        List<ConfigKey<?>> all = new ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }

    private static String describe(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
