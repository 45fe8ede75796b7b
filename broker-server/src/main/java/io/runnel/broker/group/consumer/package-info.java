/**
 * Consumer-protocol groups (KIP-848 ConsumerGroupHeartbeat): members and their subscriptions, the group epoch, the
 * target assignment computed by a server assignor, and each member's reconciliation towards it; the description
 * APIs; and the state that survives a restart ({@link io.runnel.broker.group.consumer.StoredConsumerGroup}).
 * {@link io.runnel.broker.group.consumer.ConsumerGroup} is pure logic fed one event at a time;
 * {@link io.runnel.broker.group.consumer.ConsumerProtocol} is what the coordinator calls.
 *
 * <p>Invariants:
 * <ul>
 *   <li>Thread confinement: a group and its members are changed only by their {@code ConsumerGroup}, on the
 *       coordinator thread.</li>
 *   <li>No partition ever has two owners: a member gets a partition only once its previous owner has revoked it
 *       ({@link io.runnel.broker.group.consumer.PartitionOwnership} throws on a violation).</li>
 *   <li>Durability before answer: a heartbeat that changed what survives a restart is answered only once the
 *       group's new state is stored; a heartbeat that changed nothing waits for a write still pending.</li>
 * </ul>
 */
package io.runnel.broker.group.consumer;
