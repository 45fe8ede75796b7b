package io.runnel.broker.group.core;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How often each group rebalanced since the broker started, by {@link RebalanceReason}: counted on the coordinator
 * thread, read by metrics scrapes on theirs. A deleted group's counts go with it.
 */
public final class RebalanceCounts {
    private static final RebalanceReason[] REASONS = RebalanceReason.values();

    private final Map<String, AtomicLongArray> byGroup = new ConcurrentHashMap<>();

    /** One rebalance of {@code groupId} for {@code reason}. */
    public void record(String groupId, RebalanceReason reason) {
        byGroup.computeIfAbsent(groupId, id -> new AtomicLongArray(REASONS.length)).incrementAndGet(reason.ordinal());
    }

    /** The rebalances of {@code groupId} for {@code reason}; 0 for a group never seen. */
    public long count(String groupId, RebalanceReason reason) {
        AtomicLongArray counts = byGroup.get(groupId);
        return counts == null ? 0 : counts.get(reason.ordinal());
    }

    /** Receives one group's count for one reason. */
    @FunctionalInterface
    public interface CountVisitor {
        void visit(String groupId, RebalanceReason reason, long count);
    }

    /** Every non-zero count, group by group. */
    public void forEach(CountVisitor visitor) {
        byGroup.forEach((groupId, counts) -> {
            for (RebalanceReason reason : REASONS) {
                long n = counts.get(reason.ordinal());
                if (n > 0) {
                    visitor.visit(groupId, reason, n);
                }
            }
        });
    }

    /** Drops a deleted group's counts. */
    public void forget(String groupId) {
        byGroup.remove(groupId);
    }
}
