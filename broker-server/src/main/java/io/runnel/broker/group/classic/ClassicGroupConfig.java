package io.runnel.broker.group.classic;

/**
 * Settings of classic groups, with Kafka's key names.
 *
 * <p>Defaults that differ from Kafka's, and why:
 * <ul>
 *   <li>{@code group.initial.rebalance.delay.ms} is 500 ms (Kafka: 3000 ms). The delay lets consumers started
 *       together join one rebalance instead of several; half a second covers a deployment starting its consumers
 *       at once without making every new group, and every test, wait three seconds.</li>
 *   <li>{@code group.min.session.timeout.ms} is 1000 ms (Kafka: 6000 ms), so tests and latency-sensitive users can
 *       detect a dead member within seconds.</li>
 * </ul>
 *
 * @param initialRebalanceDelayMs {@code group.initial.rebalance.delay.ms}: how long the first rebalance of an empty
 *                                group waits for more members; each new member extends it once more, up to the
 *                                rebalance timeout; 0 disables the delay
 * @param minSessionTimeoutMs     {@code group.min.session.timeout.ms}: smallest session timeout a member may ask
 * @param maxSessionTimeoutMs     {@code group.max.session.timeout.ms}: largest session timeout a member may ask
 * @param maxSize                 {@code group.max.size}: members one classic group may have
 * @param newMemberJoinTimeoutMs  how long a member that joined for the first time may wait in a rebalance without
 *                                heartbeating before it is dropped (Kafka's fixed 5 minutes)
 */
public record ClassicGroupConfig(int initialRebalanceDelayMs, int minSessionTimeoutMs, int maxSessionTimeoutMs,
                                 int maxSize, int newMemberJoinTimeoutMs) {

    public static final int DEFAULT_INITIAL_REBALANCE_DELAY_MS = 500;
    public static final int DEFAULT_MIN_SESSION_TIMEOUT_MS = 1_000;
    public static final int DEFAULT_MAX_SESSION_TIMEOUT_MS = 1_800_000;
    public static final int DEFAULT_MAX_SIZE = Integer.MAX_VALUE;
    public static final int DEFAULT_NEW_MEMBER_JOIN_TIMEOUT_MS = 300_000;

    /** Checks every value; a bad one throws naming the key, the value and the reason. */
    public ClassicGroupConfig {
        requireAtLeast("group.initial.rebalance.delay.ms", initialRebalanceDelayMs, 0);
        requireAtLeast("group.min.session.timeout.ms", minSessionTimeoutMs, 1);
        requireAtLeast("group.max.session.timeout.ms", maxSessionTimeoutMs, 1);
        if (maxSessionTimeoutMs < minSessionTimeoutMs) {
            throw new IllegalArgumentException("group.max.session.timeout.ms=" + maxSessionTimeoutMs
                    + " is below group.min.session.timeout.ms=" + minSessionTimeoutMs);
        }
        requireAtLeast("group.max.size", maxSize, 1);
        requireAtLeast("group.new.member.join.timeout.ms", newMemberJoinTimeoutMs, 1);
    }

    /** The defaults stated above. */
    public static ClassicGroupConfig defaults() {
        return new ClassicGroupConfig(DEFAULT_INITIAL_REBALANCE_DELAY_MS, DEFAULT_MIN_SESSION_TIMEOUT_MS,
                DEFAULT_MAX_SESSION_TIMEOUT_MS, DEFAULT_MAX_SIZE, DEFAULT_NEW_MEMBER_JOIN_TIMEOUT_MS);
    }

    private static void requireAtLeast(String key, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(key + "=" + value + " must be at least " + min);
        }
    }
}
