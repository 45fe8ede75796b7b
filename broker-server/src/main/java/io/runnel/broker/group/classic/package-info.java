/**
 * Classic groups (JoinGroup, SyncGroup, Heartbeat, LeaveGroup): the group's state machine
 * ({@link io.runnel.broker.group.classic.ClassicGroupState}), its members, the rebalance with its timers, static
 * membership, and the metadata that survives a restart ({@link io.runnel.broker.group.classic.StoredGroup}).
 * {@link io.runnel.broker.group.classic.ClassicProtocol} is what the coordinator calls.
 *
 * <p>Invariants:
 * <ul>
 *   <li>Thread confinement: a classic group and its members are read and changed only on the coordinator thread;
 *       only this package changes them (others read them through public accessors).</li>
 *   <li>A group changes state only along Kafka's transitions ({@code ClassicGroupState.validPrevious}); an
 *       illegal one throws.</li>
 *   <li>Durability before answer: the leader's assignment is handed to the members, and a static member's new id
 *       confirmed, only once the group's metadata is stored; a failed write is answered with the store's error
 *       (COORDINATOR_NOT_AVAILABLE unless it carries its own).</li>
 *   <li>Every parked JoinGroup and SyncGroup is answered: by the rebalance, by a timer, by a newer request of the
 *       same member (REBALANCE_IN_PROGRESS), or when the coordinator closes (NOT_COORDINATOR).</li>
 * </ul>
 */
package io.runnel.broker.group.classic;
