/**
 * The partition logs: Kafka's RecordBatch v2 bytes in segment files with sparse offset and time indexes, appends,
 * zero-copy reads, group-commit durability, recovery, retention and compaction. Formats: {@link
 * io.runnel.broker.log.OffsetIndex}, {@link io.runnel.broker.log.TimeIndex}, {@link io.runnel.broker.log.Segment}
 * and docs/storage.md.
 *
 * <p>Who may write a segment: only the appender of its log, holding the log's append lock, writes the active
 * segment's log file and index maps; a closed segment's files are written only by a background thread building
 * its indexes, by the flusher trimming them, and by the cleaner replacing the segment with its compacted copy.
 * Network threads never build indexes, fsync, truncate or load producer state: they read, append to the page
 * cache and, on a roll, create the next segment's file.
 *
 * <p>Lock order: a log's append lock, then its maintenance claim, then its segments lock ({@link
 * io.runnel.broker.log.SegmentList}); a segment's flush lock, then its build lock (background threads only), then
 * the lock of its handles ({@link io.runnel.broker.log.SegmentAccess}). The segments lock is held only for
 * in-memory steps, the handle lock for those and for mapping and checking index files; no lock a network thread
 * takes is held across an fsync or an index build, except the append lock while a closing log flushes.
 *
 * <p>What a reader may assume: a snapshot of a log's segment list never changes; a batch it reads below the size
 * and end offset it read in one volatile read is whole and below the log end offset; a handle it pinned stays
 * open until it releases it, even if the segment is deleted or replaced meanwhile; a segment it finds retired has
 * left a newer list already (or the log closed: {@link io.runnel.broker.log.LogClosedException}).
 *
 * <p>Crash behaviour: acknowledged acks=all appends are fsynced; at start-up without the clean-shutdown marker
 * every segment after the checkpointed recovery point is checked batch by batch and cut at the first bad batch;
 * index files are checked (or rebuilt) before use; a compaction swap is finished or dropped by its file names;
 * topic create and delete leave the whole topic or none of it.
 *
 * <p>Threads (all {@link io.runnel.broker.thread.Agent}s): {@code runnel-log-flusher-<n>}, {@code
 * runnel-log-cleaner}, {@code runnel-log-scheduler}, {@code runnel-topic-admin} and, during start-up only,
 * {@code runnel-log-loader-<n>}; each class that runs one states what it may block on.
 */
package io.runnel.broker.log;
