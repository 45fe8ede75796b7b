package io.runnel.broker.log;

import io.runnel.broker.topic.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The background thread that compacts logs with cleanup.policy=compact, one log at a time, and remembers in
 * {@code cleaner-offset-checkpoint} where each log's dirty (not yet compacted) part starts.
 */
final class LogCleaner implements AutoCloseable {
    static final String CHECKPOINT_FILE = "cleaner-offset-checkpoint";

    private static final Logger LOG = LoggerFactory.getLogger(LogCleaner.class);

    private final LogManager manager;
    private final OffsetCheckpointFile checkpoint;
    private final long backoffMs;
    private final Clock clock;
    private final LogCompactor compactor = new LogCompactor();
    private final Map<TopicPartition, Long> firstDirty = new ConcurrentHashMap<>();
    private final Object wakeup = new Object();
    private volatile boolean loaded;
    private volatile boolean running;
    private Thread thread;

    LogCleaner(LogManager manager, Path dataDir, long backoffMs, Clock clock) {
        this.manager = manager;
        this.checkpoint = new OffsetCheckpointFile(dataDir.resolve(CHECKPOINT_FILE));
        this.backoffMs = backoffMs;
        this.clock = clock;
    }

    void start() {
        running = true;
        thread = new Thread(this::run, "runnel-log-cleaner");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            int cleaned;
            try {
                cleaned = cleanOnce();
            } catch (RuntimeException e) {
                LOG.error("log compaction pass failed", e);
                cleaned = 0;
            }
            if (cleaned == 0) {
                synchronized (wakeup) {
                    if (running) {
                        try {
                            wakeup.wait(backoffMs);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }
            }
        }
    }

    /** One pass over every compacted log; returns how many logs were compacted. */
    synchronized int cleanOnce() {
        loadCheckpoint();
        int cleaned = 0;
        for (PartitionLog log : manager.logs()) {
            if (!running && thread != null) {
                break;
            }
            if (!log.config().compactEnabled() || log.isClosed()) {
                continue;
            }
            TopicPartition tp = log.topicPartition();
            long from = firstDirty.getOrDefault(tp, log.logStartOffset());
            log.maintenanceLock().lock();
            try {
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
            } finally {
                log.maintenanceLock().unlock();
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

    @Override
    public void close() {
        running = false;
        synchronized (wakeup) {
            wakeup.notifyAll();
        }
        if (thread != null) {
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
