/**
 * Group metadata and committed offsets in {@code __consumer_offsets}: the record formats (Kafka's bytes for offsets
 * and classic groups, Runnel's own version for consumer-protocol groups), the codec plugged into the coordinator
 * runtime's {@link io.runnel.broker.coordinator.StateTopic}, and the replay that keeps the latest value per key.
 *
 * <p>Invariants:
 * <ul>
 *   <li>Durability: a write's future completes only once its records are durable in the log.</li>
 *   <li>Ordering: all records of a group go to one partition, so a group's writes apply in the order made.</li>
 *   <li>A record that cannot be decoded stops start-up, naming the partition and offset: skipping it could bring
 *       back an older offset or a deleted group.</li>
 *   <li>The replay runs once, on the coordinator thread, during the coordinator's load.</li>
 * </ul>
 * Nothing in the coordinator depends on this package; the broker wires it in.
 */
package io.runnel.broker.group.store;
