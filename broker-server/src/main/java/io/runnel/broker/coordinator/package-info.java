/**
 * The runtime a coordinator runs on, shared by the group coordinator and (next) the transaction coordinator: one
 * event thread per coordinator ({@link io.runnel.broker.coordinator.CoordinatorRuntime}, a
 * {@link io.runnel.broker.thread.TaskAgent} under an {@link io.runnel.broker.thread.AgentRunner}), named timers
 * ({@link io.runnel.broker.coordinator.CoordinatorTimers}), and a compacted state topic
 * ({@link io.runnel.broker.coordinator.StateTopic}) that the coordinator replays at start-up and writes durably. It
 * is generic over the record kind: a coordinator plugs in its record format
 * ({@link io.runnel.broker.coordinator.StateRecordCodec}) and what replaying a record means for its state.
 *
 * <p>Invariants:
 * <ul>
 *   <li>Thread confinement: a coordinator's state is read and changed only on its event thread, one event at a time
 *       in arrival order (requests, timers, write completions), so it needs no locks. Its load at start-up runs on
 *       that thread too, before the first request.</li>
 *   <li>What the event thread may block on: reading its state topic at load, and appending to it (a page-cache
 *       write under the partition's append lock). Never an fsync: a write's durability comes back as a later
 *       event.</li>
 *   <li>Durability before answer: a write's future completes only once the log reports the records durable
 *       (fsynced under the default policy); a coordinator answers a request that changed its state only after
 *       that.</li>
 *   <li>Every request is answered: a handler that throws anything, an {@code Error} included, fails the request's
 *       future; after close, requests fail with the coordinator's not-available error; close waits for pending
 *       writes so their requests are answered.</li>
 *   <li>Placement: every record of one key goes to the partition {@code abs(key.hashCode()) % partitions}, as Kafka
 *       places them, so the writes of one key are ordered.</li>
 * </ul>
 * Nothing here knows groups or transactions; this package depends only on {@code log}, {@code topic} and
 * {@code thread}.
 */
package io.runnel.broker.coordinator;
