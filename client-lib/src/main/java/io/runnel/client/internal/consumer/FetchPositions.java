package io.runnel.client.internal.consumer;

import io.runnel.client.OffsetReset;
import io.runnel.client.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The consumer's assigned partitions and, per partition, where reading continues: the position (the offset of
 * the next record to hand to the application), whether it still has to be found (from the committed offset, or
 * by the reset policy), whether it is paused, and where its fetch stands (idle, in flight, buffered).
 *
 * <p>The position moves only when records are handed to the application ({@link #consumed}) or it seeks. A fetch
 * is sent for a partition only when it is idle, and its answer is kept only if the position is still the offset
 * it asked for ({@link #acceptFetch}), so a seek or a reassignment in between silently drops stale data.
 *
 * <p>Thread-safe: the polling thread and the event loop share it; every method holds the instance lock briefly and
 * does no I/O.
 */
final class FetchPositions {
    enum Need { NOTHING, COMMITTED, RESET }

    enum FetchState { IDLE, IN_FLIGHT, BUFFERED }

    private static final class Partition {
        long position = -1;
        Need need;
        OffsetReset resetStrategy;
        boolean paused;
        FetchState fetch = FetchState.IDLE;
        long highWatermark = -1;

        Partition(Need need, OffsetReset resetStrategy) {
            this.need = need;
            this.resetStrategy = resetStrategy;
        }
    }

    private final OffsetReset defaultReset;
    private final Map<TopicPartition, Partition> partitions = new LinkedHashMap<>();
    /** Partitions without a starting offset under OffsetReset.NONE, reported by the next poll. */
    private final Set<TopicPartition> noOffset = new LinkedHashSet<>();
    /** Partitions whose position fell outside the log under OffsetReset.NONE, with that position. */
    private final Map<TopicPartition, Long> outOfRange = new LinkedHashMap<>();

    FetchPositions(OffsetReset defaultReset) {
        this.defaultReset = defaultReset;
    }

    /**
     * Adds partitions; each starts from its committed offset when {@code fromCommitted} (a group member, or a
     * manual assignment with a group id), else by the reset policy. Partitions already assigned keep their state.
     */
    synchronized void add(Collection<TopicPartition> added, boolean fromCommitted) {
        for (TopicPartition tp : added) {
            partitions.computeIfAbsent(tp, k -> fromCommitted ? new Partition(Need.COMMITTED, null)
                    : new Partition(Need.RESET, defaultReset));
        }
    }

    synchronized void remove(Collection<TopicPartition> removed) {
        for (TopicPartition tp : removed) {
            partitions.remove(tp);
            noOffset.remove(tp);
            outOfRange.remove(tp);
        }
    }

    /** Replaces the assignment with {@code all} (manual assignment): kept partitions keep their state. */
    synchronized void assignExactly(Collection<TopicPartition> all, boolean fromCommitted) {
        List<TopicPartition> gone = new ArrayList<>();
        for (TopicPartition tp : partitions.keySet()) {
            if (!all.contains(tp)) {
                gone.add(tp);
            }
        }
        remove(gone);
        add(all, fromCommitted);
    }

    synchronized Set<TopicPartition> assigned() {
        return Set.copyOf(partitions.keySet());
    }

    synchronized boolean isAssigned(TopicPartition tp) {
        return partitions.containsKey(tp);
    }

    /** @throws IllegalStateException naming the partition when it is not assigned */
    synchronized void seek(TopicPartition tp, long offset) {
        Partition p = require(tp);
        p.position = offset;
        p.need = Need.NOTHING;
        noOffset.remove(tp);
        outOfRange.remove(tp);
    }

    /** The partitions start over by {@code strategy} (seekToBeginning / seekToEnd). */
    synchronized void requestReset(Collection<TopicPartition> tps, OffsetReset strategy) {
        for (TopicPartition tp : tps) {
            Partition p = require(tp);
            p.need = Need.RESET;
            p.resetStrategy = strategy;
            noOffset.remove(tp);
            outOfRange.remove(tp);
        }
    }

    /** The position, or -1 while it is still being found. */
    synchronized long position(TopicPartition tp) {
        Partition p = require(tp);
        return p.need == Need.NOTHING ? p.position : -1;
    }

    synchronized long highWatermark(TopicPartition tp) {
        return require(tp).highWatermark;
    }

    synchronized void pause(Collection<TopicPartition> tps, boolean paused) {
        for (TopicPartition tp : tps) {
            require(tp).paused = paused;
        }
    }

    synchronized Set<TopicPartition> paused() {
        Set<TopicPartition> out = new LinkedHashSet<>();
        partitions.forEach((tp, p) -> {
            if (p.paused) {
                out.add(tp);
            }
        });
        return out;
    }

    synchronized boolean isPaused(TopicPartition tp) {
        Partition p = partitions.get(tp);
        return p != null && p.paused;
    }

    /** Partitions whose committed offset must be fetched. */
    synchronized List<TopicPartition> needingCommitted() {
        List<TopicPartition> out = new ArrayList<>();
        partitions.forEach((tp, p) -> {
            if (p.need == Need.COMMITTED) {
                out.add(tp);
            }
        });
        return out;
    }

    /**
     * The committed offset arrived ({@code -1}: none): it becomes the position, or the reset policy decides. Ignored
     * if the partition was unassigned or repositioned meanwhile.
     */
    synchronized void committedFetched(TopicPartition tp, long offset) {
        Partition p = partitions.get(tp);
        if (p == null || p.need != Need.COMMITTED) {
            return;
        }
        if (offset >= 0) {
            p.position = offset;
            p.need = Need.NOTHING;
        } else if (defaultReset == OffsetReset.NONE) {
            noOffset.add(tp);
            p.need = Need.NOTHING;
            p.position = -1;
        } else {
            p.need = Need.RESET;
            p.resetStrategy = defaultReset;
        }
    }

    /** Partitions whose position must be looked up by timestamp (EARLIEST or LATEST), with the strategy. */
    synchronized Map<TopicPartition, OffsetReset> needingReset() {
        Map<TopicPartition, OffsetReset> out = new LinkedHashMap<>();
        partitions.forEach((tp, p) -> {
            if (p.need == Need.RESET && p.resetStrategy != OffsetReset.NONE) {
                out.put(tp, p.resetStrategy);
            }
        });
        return out;
    }

    /** The ListOffsets answer for a reset: kept only if the partition still waits for that reset. */
    synchronized void resetDone(TopicPartition tp, OffsetReset strategy, long offset) {
        Partition p = partitions.get(tp);
        if (p != null && p.need == Need.RESET && p.resetStrategy == strategy) {
            p.position = offset;
            p.need = Need.NOTHING;
        }
    }

    /**
     * The fetch answered OFFSET_OUT_OF_RANGE for {@code fetchOffset}: the reset policy applies, or (NONE) the next
     * poll reports it. Ignored when the position moved meanwhile.
     */
    synchronized void outOfRange(TopicPartition tp, long fetchOffset) {
        Partition p = partitions.get(tp);
        if (p == null || p.need != Need.NOTHING || p.position != fetchOffset) {
            return;
        }
        p.fetch = FetchState.IDLE;
        if (defaultReset == OffsetReset.NONE) {
            outOfRange.put(tp, fetchOffset);
            p.position = -1;
        } else {
            p.need = Need.RESET;
            p.resetStrategy = defaultReset;
        }
    }

    /** Partitions NONE left without a start since the last call (and clears them). */
    synchronized Set<TopicPartition> takeNoOffset() {
        Set<TopicPartition> out = Set.copyOf(noOffset);
        noOffset.clear();
        return out;
    }

    /** Positions NONE found outside the log since the last call (and clears them). */
    synchronized Map<TopicPartition, Long> takeOutOfRange() {
        Map<TopicPartition, Long> out = Map.copyOf(outOfRange);
        outOfRange.clear();
        return out;
    }

    /**
     * The partitions to fetch now with their positions: known position, not paused, no fetch in flight or
     * buffered. They are marked in flight.
     */
    synchronized Map<TopicPartition, Long> startFetches() {
        Map<TopicPartition, Long> out = new LinkedHashMap<>();
        partitions.forEach((tp, p) -> {
            if (p.need == Need.NOTHING && p.position >= 0 && !p.paused && p.fetch == FetchState.IDLE) {
                p.fetch = FetchState.IN_FLIGHT;
                out.put(tp, p.position);
            }
        });
        return out;
    }

    /**
     * A fetch for {@code tp} at {@code fetchOffset} returned data: true (and the partition is BUFFERED) if the
     * partition is still assigned at that position; false means the data is stale and must be dropped.
     */
    synchronized boolean acceptFetch(TopicPartition tp, long fetchOffset, long highWatermark) {
        Partition p = partitions.get(tp);
        if (p == null) {
            return false;
        }
        p.highWatermark = highWatermark;
        if (p.need != Need.NOTHING || p.position != fetchOffset || p.fetch != FetchState.IN_FLIGHT) {
            p.fetch = FetchState.IDLE;
            return false;
        }
        p.fetch = FetchState.BUFFERED;
        return true;
    }

    /** A fetch for {@code tp} ended without data (empty, error, lost): it may be fetched again. */
    synchronized void fetchEnded(TopicPartition tp) {
        Partition p = partitions.get(tp);
        if (p != null && p.fetch == FetchState.IN_FLIGHT) {
            p.fetch = FetchState.IDLE;
        }
    }

    /**
     * Whether records from {@code from} may be handed to the application: the partition is assigned, not paused,
     * and its position is still {@code from}.
     */
    synchronized boolean canConsume(TopicPartition tp, long from) {
        Partition p = partitions.get(tp);
        return p != null && !p.paused && p.need == Need.NOTHING && p.position == from;
    }

    /** Records up to {@code next} - 1 were handed to the application: the position moves to {@code next}. */
    synchronized void consumed(TopicPartition tp, long next) {
        Partition p = partitions.get(tp);
        if (p != null) {
            p.position = next;
        }
    }

    /** The buffered fetch of {@code tp} is used up or dropped: the partition may be fetched again. */
    synchronized void bufferReleased(TopicPartition tp) {
        Partition p = partitions.get(tp);
        if (p != null && p.fetch == FetchState.BUFFERED) {
            p.fetch = FetchState.IDLE;
        }
    }

    /** Positions of every partition that has one: what {@code commitSync()} commits. */
    synchronized Map<TopicPartition, Long> positions() {
        Map<TopicPartition, Long> out = new LinkedHashMap<>();
        partitions.forEach((tp, p) -> {
            if (p.need == Need.NOTHING && p.position >= 0) {
                out.put(tp, p.position);
            }
        });
        return out;
    }

    private Partition require(TopicPartition tp) {
        Partition p = partitions.get(tp);
        if (p == null) {
            throw new IllegalStateException("partition " + tp + " is not assigned to this consumer");
        }
        return p;
    }
}
