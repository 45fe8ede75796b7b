package io.runnel.broker.log;

import io.runnel.broker.thread.Agent;
import io.runnel.broker.topic.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The log cleaner: the agent ({@code runnel-log-cleaner}) that compacts logs with cleanup.policy=compact, one log at
 * a time, and remembers in {@code cleaner-offset-checkpoint} where each log's dirty (not yet compacted) part starts.
 * A pass that compacted nothing is followed by {@code log.cleaner.backoff.ms} of idling.
 *
 * <p>What its thread may block on: reading segments and writing, renaming and fsyncing compacted copies and the
 * directory; a log's maintenance claim (while retention works on the same log); writing the checkpoint. Never on a
 * log's append lock, and on its segments lock only for the in-memory swap.
 */
final class LogCleaner implements Agent {
    static final String CHECKPOINT_FILE = "cleaner-offset-checkpoint";

    private static final Logger LOG = LoggerFactory.getLogger(LogCleaner.class);

    private final LogManager manager;
    private final OffsetCheckpointFile checkpoint;
    private final long backoffNanos;
    private final Clock clock;
    private final LogCompactor compactor = new LogCompactor();
    private final Map<TopicPartition, Long> firstDirty = new ConcurrentHashMap<>();
    private volatile boolean loaded;
    private volatile boolean stopping;

    LogCleaner(LogManager manager, Path dataDir, long backoffMs, Clock clock) {
        this.manager = manager;
        this.checkpoint = new OffsetCheckpointFile(dataDir.resolve(CHECKPOINT_FILE));
        this.backoffNanos = TimeUnit.MILLISECONDS.toNanos(backoffMs);
        this.clock = clock;
    }

    @Override
    public String roleName() {
        return "log-cleaner";
    }

    @Override
    public int doWork() {
        try {
            return cleanOnce();
        } catch (RuntimeException e) {
            LOG.error("log compaction pass failed", e);
            return 0;
        }
    }

    @Override
    public long idleNanos() {
        return backoffNanos;
    }

    /** Makes a pass under way stop after the log it is compacting; called before the agent's runner closes. */
    void stop() {
        stopping = true;
    }

    /** One pass over every compacted log; returns how many logs were compacted. */
    synchronized int cleanOnce() {
        loadCheckpoint();
        int cleaned = 0;
        for (PartitionLog log : manager.logs()) {
            if (stopping) {
                break;
            }
            if (!log.config().compactEnabled() || log.isClosed()) {
                continue;
            }
            TopicPartition tp = log.topicPartition();
            long from = firstDirty.getOrDefault(tp, log.logStartOffset());
            try (SegmentList.Claim claim = log.segmentList().claimForMaintenance()) {
                long next = compactor.compact(log, from, clock.millis());
                if (next > from) {
                    firstDirty.put(tp, next);
                    cleaned++;
                }
            } catch (IOException | RuntimeException e) {
                if (log.isClosed()) {
                    LOG.debug("compaction of {} stopped: the log was closed", tp);
                } else {
                    LOG.error("compacting {} failed; it is retried later", tp, e);
                }
            }
        }
        if (cleaned > 0) {
            try {
                checkpoint.write(Map.copyOf(firstDirty));
            } catch (IOException e) {
                throw new UncheckedIOException("writing " + checkpoint.path() + " failed", e);
            }
        }
        return cleaned;
    }

    private void loadCheckpoint() {
        if (loaded) {
            return;
        }
        try {
            firstDirty.putAll(checkpoint.read());
        } catch (IOException e) {
            LOG.warn("ignoring unreadable {}: every compacted log is treated as dirty", checkpoint.path(), e);
        }
        loaded = true;
    }

    /** Forgets a deleted partition. */
    void forget(TopicPartition tp) {
        firstDirty.remove(tp);
    }
}
