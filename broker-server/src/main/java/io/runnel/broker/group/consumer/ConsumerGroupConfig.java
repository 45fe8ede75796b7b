package io.runnel.broker.group.consumer;

/**
 * Broker-wide settings of consumer-protocol (KIP-848) groups, with Kafka's key names.
 *
 * <p>Defaults differ from Kafka's (5 s interval, 45 s session) on purpose. With the consumer protocol a member learns
 * that a partition it waits for has been released only on its next heartbeat, so the interval bounds how fast a
 * rebalance completes: 1 s makes a join or leave settle in a second or two. A 10 s session timeout detects a dead
 * member in seconds while tolerating nine lost heartbeats in a row (a long GC pause, a busy shared machine).
 *
 * @param heartbeatIntervalMs {@value #HEARTBEAT_INTERVAL_KEY}: how often members heartbeat (told in each response)
 * @param sessionTimeoutMs    {@value #SESSION_TIMEOUT_KEY}: a member silent this long is fenced and removed
 * @param maxSize             {@value #MAX_SIZE_KEY}: members per group; a join beyond it gets GROUP_MAX_SIZE_REACHED
 */
public record ConsumerGroupConfig(int heartbeatIntervalMs, int sessionTimeoutMs, int maxSize) {

    public static final String HEARTBEAT_INTERVAL_KEY = "group.consumer.heartbeat.interval.ms";
    public static final String SESSION_TIMEOUT_KEY = "group.consumer.session.timeout.ms";
    public static final String MAX_SIZE_KEY = "group.consumer.max.size";

    public static final int DEFAULT_HEARTBEAT_INTERVAL_MS = 1_000;
    public static final int DEFAULT_SESSION_TIMEOUT_MS = 10_000;
    public static final int DEFAULT_MAX_SIZE = Integer.MAX_VALUE;

    public ConsumerGroupConfig {
        if (heartbeatIntervalMs <= 0) {
            throw new IllegalArgumentException(HEARTBEAT_INTERVAL_KEY + "=" + heartbeatIntervalMs + " must be positive");
        }
        if (sessionTimeoutMs <= heartbeatIntervalMs) {
            throw new IllegalArgumentException(SESSION_TIMEOUT_KEY + "=" + sessionTimeoutMs + " must be greater than "
                    + HEARTBEAT_INTERVAL_KEY + "=" + heartbeatIntervalMs);
        }
        if (maxSize < 1) {
            throw new IllegalArgumentException(MAX_SIZE_KEY + "=" + maxSize + " must be at least 1");
        }
    }

    /** The defaults stated above. */
    public static ConsumerGroupConfig defaults() {
        return new ConsumerGroupConfig(DEFAULT_HEARTBEAT_INTERVAL_MS, DEFAULT_SESSION_TIMEOUT_MS, DEFAULT_MAX_SIZE);
    }
}
