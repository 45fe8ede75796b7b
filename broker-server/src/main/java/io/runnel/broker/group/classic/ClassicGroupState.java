package io.runnel.broker.group.classic;

import java.util.EnumSet;
import java.util.Set;

/** The states of a classic group, with Kafka's names and the transitions Kafka allows into each. */
public enum ClassicGroupState {
    /** No members; the group may still hold committed offsets. */
    EMPTY("Empty"),
    /** Waiting for members to (re)join before a new generation. */
    PREPARING_REBALANCE("PreparingRebalance"),
    /** A generation was decided; waiting for the leader's assignment in SyncGroup. */
    COMPLETING_REBALANCE("CompletingRebalance"),
    /** Every member has its assignment and heartbeats. */
    STABLE("Stable"),
    /** Deleted; it no longer accepts anything. */
    DEAD("Dead");

    private final String kafkaName;

    ClassicGroupState(String kafkaName) {
        this.kafkaName = kafkaName;
    }

    /** Kafka's name, as ListGroups and DescribeGroups report it. */
    public String kafkaName() {
        return kafkaName;
    }

    /** The states a group may come from into this one. */
    Set<ClassicGroupState> validPrevious() {
        return switch (this) {
            case EMPTY -> EnumSet.of(PREPARING_REBALANCE);
            case PREPARING_REBALANCE -> EnumSet.of(EMPTY, STABLE, COMPLETING_REBALANCE);
            case COMPLETING_REBALANCE -> EnumSet.of(PREPARING_REBALANCE);
            case STABLE -> EnumSet.of(COMPLETING_REBALANCE);
            case DEAD -> EnumSet.allOf(ClassicGroupState.class);
        };
    }
}
