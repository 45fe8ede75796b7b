/**
 * The transaction coordinator (KIP-98 transactions, KIP-447 consumer-group fencing of transactional offset commits,
 * KIP-890 part 1 verification of transactional writes): the state of every transactional id, on a coordinator
 * runtime of its own ({@code runnel-transaction-coordinator}), durable in {@code __transaction_state}
 * ({@link io.runnel.broker.txn.TransactionTopicStore}, Kafka's record formats), and the markers that end a
 * transaction in every partition it wrote to.
 *
 * <p>Invariants:
 * <ul>
 *   <li>Thread confinement: all state lives on the coordinator thread; every request, timer and write completion is
 *       an event there, one at a time.</li>
 *   <li>Durable before answered: a request that changes an id's state is answered only once the new state is
 *       durable in {@code __transaction_state}; the state in memory is always the last durable one (a change is
 *       applied when its write completes).</li>
 *   <li>One change at a time per id: while a change is written, or while the markers of a decided transaction are
 *       written, the id is busy and later requests on it wait, in order.</li>
 *   <li>A decided transaction is ended everywhere: PrepareCommit/PrepareAbort is durable before any marker is
 *       written, and CompleteCommit/CompleteAbort only once every marker is durable; after a restart, Prepare* ids
 *       have their markers written again.</li>
 *   <li>No hanging transactions: a transactional write into a partition is let through only if the partition is in
 *       the producer's open transaction, checked on the coordinator thread, where markers are also written.</li>
 *   <li>An abort the coordinator decides (timeout, a new producer instance) bumps the epoch first, fencing the old
 *       producer at the coordinator and, through the markers, in every partition of the transaction.</li>
 * </ul>
 * This package depends on {@code coordinator}, {@code log} (markers), {@code topic} and {@code thread}; the broker
 * wires in the group coordinator for the offsets a transaction commits.
 */
package io.runnel.broker.txn;
