package io.runnel.broker.group.clients;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Records who owned which partition when, from the members' rebalance callbacks (all in one JVM, so their clocks
 * agree), and finds moments at which two members owned one partition.
 */
final class OwnershipLog {
    /** One member's ownership of one partition, from {@code startNanos} to {@code endNanos} (MAX_VALUE: still). */
    record Interval(String member, TopicPartition partition, long startNanos, long endNanos, boolean lost) {
    }

    private final List<Interval> closed = new ArrayList<>();
    private final Map<String, Map<TopicPartition, Long>> open = new HashMap<>();

    /** A listener for member {@code name}. */
    ConsumerRebalanceListener listenerFor(String name) {
        return new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                started(name, partitions);
            }

            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                ended(name, partitions, false);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                ended(name, partitions, true);
            }
        };
    }

    private synchronized void started(String member, Collection<TopicPartition> partitions) {
        long now = System.nanoTime();
        Map<TopicPartition, Long> owned = open.computeIfAbsent(member, m -> new HashMap<>());
        for (TopicPartition tp : partitions) {
            owned.putIfAbsent(tp, now);
        }
    }

    private synchronized void ended(String member, Collection<TopicPartition> partitions, boolean lost) {
        long now = System.nanoTime();
        Map<TopicPartition, Long> owned = open.getOrDefault(member, Map.of());
        for (TopicPartition tp : partitions) {
            Long start = owned.remove(tp);
            if (start != null) {
                closed.add(new Interval(member, tp, start, now, lost));
            }
        }
    }

    /** Every interval, those still open ending at MAX_VALUE. */
    synchronized List<Interval> intervals() {
        List<Interval> all = new ArrayList<>(closed);
        open.forEach((member, owned) -> owned.forEach((tp, start) ->
                all.add(new Interval(member, tp, start, Long.MAX_VALUE, false))));
        return all;
    }

    /**
     * Pairs of intervals of different members that overlap on one partition. Ownership a member lost (it was fenced,
     * so the group had already given the partition away) is left out: only the client still believed it owned it.
     */
    synchronized List<String> overlaps() {
        Map<TopicPartition, List<Interval>> byPartition = new HashMap<>();
        for (Interval i : intervals()) {
            if (!i.lost()) {
                byPartition.computeIfAbsent(i.partition(), tp -> new ArrayList<>()).add(i);
            }
        }
        List<String> overlaps = new ArrayList<>();
        for (List<Interval> list : byPartition.values()) {
            list.sort(Comparator.comparingLong(Interval::startNanos));
            for (int a = 0; a < list.size(); a++) {
                for (int b = a + 1; b < list.size(); b++) {
                    Interval first = list.get(a);
                    Interval second = list.get(b);
                    if (!first.member().equals(second.member()) && second.startNanos() < first.endNanos()) {
                        overlaps.add(first + " overlaps " + second);
                    }
                }
            }
        }
        return overlaps;
    }

    synchronized long lostCount() {
        return closed.stream().filter(Interval::lost).count();
    }
}
