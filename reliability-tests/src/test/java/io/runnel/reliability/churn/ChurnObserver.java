package io.runnel.reliability.churn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the reports of every member of one group ({@link ChurnMemberMain}'s lines, all stamped with the machine's
 * one monotonic clock) and checks the group's promises:
 * <ul>
 *   <li>no partition had two owners at once: ownership runs from an assignment to the end of the revocation
 *       (or the moment the suite killed the member); ownership that ended in "lost" is left out, since the group
 *       had already taken the partition away and only the fenced client still believed it owned it. A member the
 *       suite froze owns what it held only until {@code frozenGrace} after the freeze, the earliest moment its
 *       session can expire: after that the group may rightly have moved its partitions, and the member, which
 *       cannot know, may still report them revoked rather than lost when it is thawed and closed;</li>
 *   <li>no commit was acknowledged that a member sent while another member owned the partition (fencing);</li>
 *   <li>every offset below each partition's end was consumed at least once.</li>
 * </ul>
 * Not thread-safe: the suite feeds it after the run.
 */
final class ChurnObserver {
    /** One member's ownership of one partition. */
    record Ownership(String member, int partition, long start, long end, boolean lost) {
    }

    private record Commit(String member, int partition, long sentAt, long offset) {
    }

    private final long frozenGraceNanos;
    private final List<Ownership> ownerships = new ArrayList<>();
    private final List<Commit> commits = new ArrayList<>();
    /** Partition → consumed ranges, as from → to (inclusive), merged as they come. */
    private final Map<Integer, TreeMap<Long, Long>> consumed = new HashMap<>();
    private int lines;

    /** @param frozenGraceNanos the session timeout less one heartbeat interval, a little less for safety */
    ChurnObserver(long frozenGraceNanos) {
        this.frozenGraceNanos = frozenGraceNanos;
    }

    /**
     * Adds one member's report lines; {@code endedAt} is when the suite killed it (its open ownership ends then),
     * or {@link Long#MAX_VALUE} when it is still running or stopped cleanly; {@code frozenAt} are the moments the
     * suite froze it (SIGSTOP).
     */
    void add(String member, List<String> output, long endedAt, List<Long> frozenAt) {
        Map<Integer, Long> open = new HashMap<>();
        for (String line : output) {
            String[] f = line.split(" ");
            if (f.length < 2 || f[0].length() != 1 || !Character.isDigit(f[1].charAt(0))) {
                continue;
            }
            lines++;
            long t = Long.parseLong(f[1]);
            switch (f[0]) {
                case "A" -> partitions(f).forEach(p -> open.putIfAbsent(p, t));
                case "R", "L" -> partitions(f).forEach(p -> {
                    Long start = open.remove(p);
                    if (start != null) {
                        ownerships.add(new Ownership(member, p, start, cut(start, t, frozenAt), f[0].equals("L")));
                    }
                });
                case "C" -> consume(Integer.parseInt(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]));
                case "K" -> commits.add(new Commit(member, Integer.parseInt(f[2]), t, Long.parseLong(f[3])));
                default -> lines--;
            }
        }
        open.forEach((p, start) -> ownerships.add(new Ownership(member, p, start, cut(start, endedAt, frozenAt),
                false)));
    }

    /** {@code end}, or earlier when the member was frozen meanwhile and its session may have expired. */
    private long cut(long start, long end, List<Long> frozenAt) {
        for (long f : frozenAt) {
            if (f >= start && f < end) {
                return Math.min(end, f + frozenGraceNanos);
            }
        }
        return end;
    }

    private static List<Integer> partitions(String[] f) {
        List<Integer> list = new ArrayList<>();
        if (f.length > 2 && !f[2].isEmpty()) {
            for (String p : f[2].split(",")) {
                list.add(Integer.parseInt(p));
            }
        }
        return list;
    }

    private void consume(int partition, long from, long to) {
        TreeMap<Long, Long> ranges = consumed.computeIfAbsent(partition, p -> new TreeMap<>());
        Long to0 = ranges.get(from);
        ranges.put(from, to0 == null ? to : Math.max(to0, to));
    }

    int lines() {
        return lines;
    }

    int ownershipCount() {
        return ownerships.size();
    }

    long lostCount() {
        return ownerships.stream().filter(Ownership::lost).count();
    }

    /** Pairs of overlapping ownerships of one partition by two members. */
    List<String> doubleOwners() {
        List<String> found = new ArrayList<>();
        Map<Integer, List<Ownership>> byPartition = new HashMap<>();
        for (Ownership o : ownerships) {
            if (!o.lost()) {
                byPartition.computeIfAbsent(o.partition(), p -> new ArrayList<>()).add(o);
            }
        }
        for (List<Ownership> list : byPartition.values()) {
            list.sort(Comparator.comparingLong(Ownership::start));
            for (int a = 0; a < list.size(); a++) {
                for (int b = a + 1; b < list.size() && list.get(b).start() < list.get(a).end(); b++) {
                    if (!list.get(a).member().equals(list.get(b).member())) {
                        found.add(list.get(a) + " overlaps " + list.get(b));
                    }
                }
            }
        }
        return found;
    }

    /** Acknowledged commits sent while another member owned the partition. */
    List<String> unfencedCommits() {
        List<String> found = new ArrayList<>();
        for (Commit c : commits) {
            for (Ownership o : ownerships) {
                if (!o.lost() && o.partition() == c.partition() && !o.member().equals(c.member())
                        && o.start() < c.sentAt() && c.sentAt() < o.end()) {
                    found.add(c + " was accepted while " + o);
                }
            }
        }
        return found;
    }

    /** Offsets below {@code end} of each partition that no member consumed, as "p:from-to" ranges. */
    List<String> unconsumed(Map<Integer, Long> end) {
        List<String> gaps = new ArrayList<>();
        end.forEach((p, e) -> {
            long next = 0;
            for (Map.Entry<Long, Long> r : consumed.getOrDefault(p, new TreeMap<>()).entrySet()) {
                if (r.getKey() > next) {
                    gaps.add(p + ":" + next + "-" + Math.min(e, r.getKey()));
                }
                next = Math.max(next, r.getValue() + 1);
            }
            if (next < e) {
                gaps.add(p + ":" + next + "-" + e);
            }
        });
        return gaps;
    }
}
