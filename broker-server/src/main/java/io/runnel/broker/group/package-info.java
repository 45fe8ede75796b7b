/**
 * The group coordinator: the entry point of every group API ({@link io.runnel.broker.group.GroupCoordinator}), its
 * settings ({@link io.runnel.broker.group.GroupConfig}), its store of group metadata
 * ({@link io.runnel.broker.group.GroupStore}), the admin APIs (DescribeGroups, ListGroups, DeleteGroups) and the
 * coordinator lookup behind FindCoordinator. The parts live in sub-packages: {@code core} (what they share),
 * {@code classic}, {@code consumer}, {@code offset}, {@code assignor}, {@code store}; the broker wires the store in
 * ({@code Broker}).
 *
 * <p>Invariants:
 * <ul>
 *   <li>Thread confinement: every group's state and every committed offset is read and changed only on the
 *       coordinator thread, {@code runnel-group-coordinator}, one event at a time in arrival order; network threads
 *       only submit requests and receive futures, which complete on that thread.</li>
 *   <li>Durability before answer: a request that changed stored state (a commit, a classic group's assignment, a
 *       consumer group's epoch or assignment, a deletion) is answered only once the change is durable in the
 *       store.</li>
 *   <li>Every request is answered, also when its handling throws (UNKNOWN_SERVER_ERROR) and while the coordinator
 *       closes (parked requests get NOT_COORDINATOR, later ones COORDINATOR_NOT_AVAILABLE).</li>
 *   <li>At start-up the stores are read on the coordinator thread before any request is served.</li>
 * </ul>
 * Dependencies point down: this package uses the sub-packages, which never use it (checked: no package cycle).
 */
package io.runnel.broker.group;
