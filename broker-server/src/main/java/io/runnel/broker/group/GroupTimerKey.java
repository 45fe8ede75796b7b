package io.runnel.broker.group;

/**
 * The name of one of the group coordinator's timers: what it is for, the group, and the member ("" for a group-wide
 * timer). Scheduling a name again replaces its timer.
 */
record GroupTimerKey(String kind, String groupId, String memberId) {

    /** A classic member's session. */
    static GroupTimerKey session(String groupId, String memberId) {
        return new GroupTimerKey("session", groupId, memberId);
    }

    /** A member id handed out with MEMBER_ID_REQUIRED and not used yet. */
    static GroupTimerKey pendingMember(String groupId, String memberId) {
        return new GroupTimerKey("pending-member", groupId, memberId);
    }

    /** A classic group's join phase. */
    static GroupTimerKey join(String groupId) {
        return new GroupTimerKey("join", groupId, "");
    }

    /** A classic group's wait for SyncGroup. */
    static GroupTimerKey sync(String groupId) {
        return new GroupTimerKey("sync", groupId, "");
    }

    /** The next session or revocation deadline of a consumer-protocol group's members. */
    static GroupTimerKey consumerExpiry(String groupId) {
        return new GroupTimerKey("consumer-expiry", groupId, "");
    }

    /** The periodic clean-up of expired offsets and empty groups. */
    static GroupTimerKey retention() {
        return new GroupTimerKey("retention", "", "");
    }
}
