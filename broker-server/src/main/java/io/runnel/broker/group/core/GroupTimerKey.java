package io.runnel.broker.group.core;

/**
 * The name of one of the group coordinator's timers: what it is for, the group, and the member ("" for a group-wide
 * timer). Scheduling a name again replaces its timer.
 */
public record GroupTimerKey(String kind, String groupId, String memberId) {

    /** A classic member's session. */
    public static GroupTimerKey session(String groupId, String memberId) {
        return new GroupTimerKey("session", groupId, memberId);
    }

    /** A member id handed out with MEMBER_ID_REQUIRED and not used yet. */
    public static GroupTimerKey pendingMember(String groupId, String memberId) {
        return new GroupTimerKey("pending-member", groupId, memberId);
    }

    /** A classic group's join phase. */
    public static GroupTimerKey join(String groupId) {
        return new GroupTimerKey("join", groupId, "");
    }

    /** A classic group's wait for SyncGroup. */
    public static GroupTimerKey sync(String groupId) {
        return new GroupTimerKey("sync", groupId, "");
    }

    /** The next session or revocation deadline of a consumer-protocol group's members. */
    public static GroupTimerKey consumerExpiry(String groupId) {
        return new GroupTimerKey("consumer-expiry", groupId, "");
    }

    /** The periodic clean-up of expired offsets and empty groups. */
    public static GroupTimerKey retention() {
        return new GroupTimerKey("retention", "", "");
    }
}
