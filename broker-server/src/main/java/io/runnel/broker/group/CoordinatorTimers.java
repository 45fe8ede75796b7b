package io.runnel.broker.group;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The coordinator's named timers (a member's session, a group's join or sync deadline, ...). Scheduling a name
 * replaces its previous timer. A timer fires on the coordinator thread and only if it is still the current one for
 * its name, so a timer cancelled or replaced after it was already handed to the coordinator thread does nothing.
 * Used only on the coordinator thread.
 */
final class CoordinatorTimers {

    /** A timer's name: what it is for, the group, and the member (or "" for a group-wide timer). */
    record Key(String kind, String groupId, String memberId) {
    }

    private final GroupTimer timer;
    private final Executor coordinatorThread;
    private final Map<Key, Entry> entries = new HashMap<>();

    private static final class Entry {
        GroupTimer.Scheduled scheduled;
    }

    CoordinatorTimers(GroupTimer timer, Executor coordinatorThread) {
        this.timer = timer;
        this.coordinatorThread = coordinatorThread;
    }

    long nowMs() {
        return timer.nowMs();
    }

    void schedule(Key key, long delayMs, Runnable task) {
        cancel(key);
        Entry entry = new Entry();
        entries.put(key, entry);
        entry.scheduled = timer.schedule(delayMs, () -> coordinatorThread.execute(() -> {
            if (entries.get(key) == entry) {
                entries.remove(key);
                task.run();
            }
        }));
    }

    void cancel(Key key) {
        Entry entry = entries.remove(key);
        if (entry != null && entry.scheduled != null) {
            entry.scheduled.cancel();
        }
    }

    boolean isScheduled(Key key) {
        return entries.containsKey(key);
    }

    void cancelAll() {
        for (Entry entry : entries.values()) {
            if (entry.scheduled != null) {
                entry.scheduled.cancel();
            }
        }
        entries.clear();
    }

    static Key session(String groupId, String memberId) {
        return new Key("session", groupId, memberId);
    }

    static Key pendingMember(String groupId, String memberId) {
        return new Key("pending-member", groupId, memberId);
    }

    static Key join(String groupId) {
        return new Key("join", groupId, "");
    }

    static Key sync(String groupId) {
        return new Key("sync", groupId, "");
    }

    /** The next session or revocation deadline of a consumer-protocol group's members. */
    static Key consumerExpiry(String groupId) {
        return new Key("consumer-expiry", groupId, "");
    }
}
