package io.runnel.broker.group.core;

import java.util.Locale;

/** The protocol a group speaks, with the name ListGroups (v5+) reports and filters on. */
public enum GroupType {
    /** JoinGroup / SyncGroup / Heartbeat / LeaveGroup; the leader member assigns. */
    CLASSIC("classic"),
    /** KIP-848 ConsumerGroupHeartbeat; the coordinator assigns. */
    CONSUMER("consumer");

    private final String wireName;

    GroupType(String wireName) {
        this.wireName = wireName;
    }

    /** The name on the wire: {@code classic}, {@code consumer}. */
    public String wireName() {
        return wireName;
    }

    /** Case-insensitive lookup of a wire name; null when there is no such type. */
    public static GroupType fromWireName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (GroupType type : values()) {
            if (type.wireName.equals(lower)) {
                return type;
            }
        }
        return null;
    }
}
