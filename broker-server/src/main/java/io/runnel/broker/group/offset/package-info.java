/**
 * Committed offsets of every group: OffsetCommit, OffsetFetch ({@link io.runnel.broker.group.offset.OffsetReader}),
 * OffsetDelete, the deletion of offsets of deleted topics, and retention; and who may touch them
 * ({@link io.runnel.broker.group.offset.OffsetFence}: a classic group fences by member and generation, a
 * consumer-protocol group by member and member epoch).
 *
 * <p>Invariants:
 * <ul>
 *   <li>Thread confinement: the offsets are read and changed only on the coordinator thread.</li>
 *   <li>Durability before answer and before visibility: a commit is acknowledged, and becomes visible to
 *       OffsetFetch, only once it is durable in the store; a failed write is neither.</li>
 *   <li>One fence: production code and tests check commits and fetches through {@link
 *       io.runnel.broker.group.offset.OffsetFence} only, within the event that uses the answer.</li>
 *   <li>Retention never deletes an offset whose commit is still being written, nor one of a topic the group
 *       consumes.</li>
 * </ul>
 */
package io.runnel.broker.group.offset;
