package io.runnel.broker.log;

/**
 * A transaction aborted in one partition: what a {@code read_committed} Fetch hands the consumer so it skips the
 * transaction's records, and one entry of the aborted-transaction index ({@code .txnindex}).
 *
 * @param producerId       the transaction's producer
 * @param firstOffset      the offset of its first record in the partition
 * @param lastOffset       the offset of its ABORT marker
 * @param lastStableOffset the partition's last stable offset once the marker was written
 */
public record AbortedTransaction(long producerId, long firstOffset, long lastOffset, long lastStableOffset) {
}
