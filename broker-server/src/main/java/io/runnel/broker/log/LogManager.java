package io.runnel.broker.log;

import io.runnel.broker.thread.AgentRunner;
import io.runnel.broker.thread.TaskAgent;
import io.runnel.broker.topic.TopicAlreadyExistsException;
import io.runnel.broker.topic.TopicInfo;
import io.runnel.broker.topic.TopicPartition;
import io.runnel.broker.topic.TopicRegistry;
import io.runnel.broker.topic.TopicNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * All partition logs of the broker in one data directory, and the topic operations that span logs and the
 * {@link TopicRegistry}.
 *
 * <p>Start-up: after a clean shutdown (the {@code .clean-shutdown} marker is there) every log opens lazily from the
 * recovery-point checkpoint, without reading any segment; otherwise logs are recovered in parallel. The marker
 * is deleted before anything is appended, and written again by {@link #close()} only after every log was
 * flushed and the checkpoints were written. Directories of deleted topics ({@code ...-delete}) and partition
 * directories the registry does not know (a crash in the middle of a create or delete) are removed.
 *
 * <p>Create writes the partition directories first and registers the topic last; delete unregisters first,
 * then renames each directory to {@code <dir>.<id>-delete} and removes it in the background, so a crash at any
 * step leaves either the whole topic or none of it.
 *
 * <p>Threads (agents, started by {@link #open}, stopped by {@link #close}): the {@link Flusher}s, the
 * {@link LogCleaner}, the start-up loaders of {@link DataDirectoryLoader}, and {@code runnel-log-scheduler}, a
 * {@link TaskAgent} for retention, checkpoints, due flush.ms flushes, removal of deleted directories and the
 * index builds readers ask for. The scheduler may block on deleting and fsyncing files, on writing checkpoints and
 * producer snapshots (a log's append lock only while a snapshot is encoded), on reading a segment to index it, and
 * on a log's maintenance claim while the cleaner compacts that log.
 */
public final class LogManager implements AutoCloseable {
    static final String CLEAN_SHUTDOWN_FILE = ".clean-shutdown";
    static final String RECOVERY_POINT_FILE = "recovery-point-offset-checkpoint";
    static final String LOG_START_FILE = "log-start-offset-checkpoint";
    static final String TOPICS_DIR = "__topics";

    private static final Logger LOG = LoggerFactory.getLogger(LogManager.class);

    private final LogManagerConfig config;
    private final Path dataDir;
    private final TopicRegistry registry;
    private final LogContext ctx;
    private final Map<TopicPartition, PartitionLog> logs = new ConcurrentHashMap<>();
    private final OffsetCheckpointFile recoveryPoints;
    private final OffsetCheckpointFile logStarts;
    private final TaskAgent scheduler;
    private final AgentRunner schedulerRunner;
    private final LogCleaner cleaner;
    private AgentRunner cleanerRunner;
    private final Object topicLock = new Object();
    private volatile boolean closed;

    private LogManager(LogManagerConfig config, TopicRegistry registry) {
        this.config = config;
        this.dataDir = config.dataDir();
        this.registry = registry;
        this.scheduler = new TaskAgent("log-scheduler");
        this.schedulerRunner = AgentRunner.start(scheduler);
        this.ctx = new LogContext(new OpenSegmentCache(config.maxOpenSegments()), new Flusher(config.flusherThreads()),
                config.clock(), scheduler);
        this.recoveryPoints = new OffsetCheckpointFile(dataDir.resolve(RECOVERY_POINT_FILE));
        this.logStarts = new OffsetCheckpointFile(dataDir.resolve(LOG_START_FILE));
        this.cleaner = new LogCleaner(this, dataDir, config.cleanerBackoffMs(), config.clock());
    }

    /** Opens the data directory: loads or recovers every log and starts the background work. */
    public static LogManager open(LogManagerConfig config) {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("creating data directory " + config.dataDir() + " failed", e);
        }
        TopicRegistry registry = TopicRegistry.open(config.dataDir().resolve(TOPICS_DIR));
        LogManager m = new LogManager(config, registry);
        try {
            m.loadAll();
        } catch (IOException | RuntimeException e) {
            m.ctx.flusher().close();
            m.scheduler.shutdown();
            m.schedulerRunner.close();
            throw e instanceof IOException io ? new UncheckedIOException("opening " + config.dataDir() + " failed", io)
                    : (RuntimeException) e;
        }
        m.start();
        return m;
    }

    private void loadAll() throws IOException {
        DataDirectoryLoader.Result loaded = DataDirectoryLoader.load(config, registry, ctx, recoveryPoints, logStarts);
        logs.putAll(loaded.logs());
        for (Path dir : loaded.toDelete()) {
            scheduler.execute(() -> PartitionDirectories.delete(dir));
        }
    }

    private void start() {
        scheduler.scheduleWithFixedDelay(this::runRetentionQuietly, config.retentionCheckIntervalMs(),
                config.retentionCheckIntervalMs(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::checkpointQuietly, config.checkpointIntervalMs(),
                config.checkpointIntervalMs(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::requestDueFlushes, config.flushCheckIntervalMs(),
                config.flushCheckIntervalMs(), TimeUnit.MILLISECONDS);
        if (config.cleanerEnabled()) {
            cleanerRunner = AgentRunner.start(cleaner);
        }
    }

    // ---------------------------------------------------------------- lookups

    /** The log of a partition, or null when the partition does not exist. */
    public PartitionLog log(TopicPartition tp) {
        return logs.get(tp);
    }

    public Collection<PartitionLog> logs() {
        return List.copyOf(logs.values());
    }

    public TopicRegistry registry() {
        return registry;
    }

    public LogManagerConfig config() {
        return config;
    }

    /**
     * Registers {@code listener} to hear of every append to every log of this manager, including logs created
     * later; see {@link AppendListener} for the rules it must follow.
     */
    public void addAppendListener(AppendListener listener) {
        ctx.appendListeners().add(listener);
    }

    /** Stops telling {@code listener} about appends. */
    public void removeAppendListener(AppendListener listener) {
        ctx.appendListeners().remove(listener);
    }

    /** Tells {@code observer} how long every flush (fsync round) of every log took and what it made durable. */
    public void observeFlushes(FlushObserver observer) {
        ctx.flusher().observe(observer);
    }

    /** What this manager's logs share (tests observe its file-work probe). */
    LogContext context() {
        return ctx;
    }

    /** Segment handles (file + two maps each) open right now: bounded by {@code log.open.segments.max}. */
    public int openSegmentHandles() {
        return ctx.cache().openHandles();
    }

    // ---------------------------------------------------------------- topic operations

    /**
     * Creates a topic: its partition directories and empty logs, then its registry entry.
     *
     * @throws TopicAlreadyExistsException when the name is taken
     * @throws IllegalArgumentException for a bad name (InvalidTopicException), partition count or config
     */
    public TopicInfo createTopic(String name, int partitions, Map<String, String> configs) {
        synchronized (topicLock) {
            checkOpen();
            if (registry.get(name) != null) {
                throw new TopicAlreadyExistsException(name);
            }
            TopicInfo topic = TopicInfo.newTopic(name, partitions, configs);
            LogConfig logConfig = config.defaults().withTopicOverrides(topic.configs());
            createPartitions(topic, 0, partitions, logConfig);
            registry.add(topic);
            LOG.info("created topic {} ({} partitions, id {}, overrides {})", name, partitions, topic.id(), configs);
            return topic;
        }
    }

    /** Raises a topic's partition count; existing partitions keep their data. */
    public TopicInfo addPartitions(String name, int newCount) {
        synchronized (topicLock) {
            checkOpen();
            TopicInfo topic = existing(name);
            if (newCount <= topic.partitionCount()) {
                throw new IllegalArgumentException("topic " + name + " has " + topic.partitionCount()
                        + " partitions; the new count " + newCount + " must be larger");
            }
            TopicInfo grown = topic.withPartitionCount(newCount);
            createPartitions(grown, topic.partitionCount(), newCount,
                    config.defaults().withTopicOverrides(grown.configs()));
            registry.update(grown);
            return grown;
        }
    }

    /** Replaces a topic's config overrides (Kafka topic-level keys) and applies them to its logs. */
    public TopicInfo alterTopicConfigs(String name, Map<String, String> overrides) {
        synchronized (topicLock) {
            checkOpen();
            TopicInfo topic = existing(name);
            LogConfig logConfig = config.defaults().withTopicOverrides(overrides);
            TopicInfo altered = topic.withConfigs(overrides);
            registry.update(altered);
            for (int p = 0; p < altered.partitionCount(); p++) {
                PartitionLog log = logs.get(altered.partition(p));
                if (log != null) {
                    log.updateConfig(logConfig);
                }
            }
            return altered;
        }
    }

    /**
     * Deletes a topic: unregisters it, closes its logs (pending durability waits fail), renames each partition
     * directory out of the way and removes it in the background.
     */
    public void deleteTopic(String name) {
        List<Path> renamed = new ArrayList<>();
        synchronized (topicLock) {
            checkOpen();
            TopicInfo topic = existing(name);
            registry.remove(name);
            for (int p = 0; p < topic.partitionCount(); p++) {
                TopicPartition tp = topic.partition(p);
                PartitionLog log = logs.remove(tp);
                if (log != null) {
                    log.closeWithoutFlush(new IllegalStateException("topic " + name + " was deleted"));
                }
                cleaner.forget(tp);
                Path dir = dataDir.resolve(tp.dirName());
                if (Files.exists(dir)) {
                    renamed.add(PartitionDirectories.renameForDeletion(dataDir, dir, topic.id()));
                }
            }
            LOG.info("deleted topic {} (id {})", name, topic.id());
        }
        for (Path dir : renamed) {
            scheduler.execute(() -> PartitionDirectories.delete(dir));
        }
    }

    private TopicInfo existing(String name) {
        TopicInfo topic = registry.get(name);
        if (topic == null) {
            throw new TopicNotFoundException(name);
        }
        return topic;
    }

    private void createPartitions(TopicInfo topic, int from, int to, LogConfig logConfig) {
        List<TopicPartition> created = new ArrayList<>();
        try {
            for (int p = from; p < to; p++) {
                TopicPartition tp = topic.partition(p);
                Path dir = dataDir.resolve(tp.dirName());
                if (Files.exists(dir)) {
                    LOG.warn("removing leftover directory {} before creating partition {}", dir, tp);
                    Path old = PartitionDirectories.renameForDeletion(dataDir, dir, PartitionDirectories.readMetadata(dir));
                    scheduler.execute(() -> PartitionDirectories.delete(old));
                }
                Files.createDirectories(dir);
                PartitionDirectories.writeMetadata(dir, topic.id());
                logs.put(tp, LogLoader.load(tp, dir, logConfig, ctx, -1, -1, false, new SegmentRecovery()));
                created.add(tp);
            }
            LogFiles.fsyncDirectory(dataDir);
        } catch (IOException | RuntimeException e) {
            for (TopicPartition tp : created) {
                PartitionLog log = logs.remove(tp);
                log.closeWithoutFlush(new IllegalStateException("creating topic " + topic.name() + " failed"));
                Path dir = PartitionDirectories.renameForDeletion(dataDir, log.dir(), topic.id());
                scheduler.execute(() -> PartitionDirectories.delete(dir));
            }
            throw e instanceof IOException io
                    ? new UncheckedIOException("creating partitions of topic " + topic.name() + " failed", io)
                    : (RuntimeException) e;
        }
    }

    // ---------------------------------------------------------------- background work

    /** Applies retention to every log now (the scheduler does this every log.retention.check.interval.ms). */
    public int runRetention() {
        long now = config.clock().millis();
        int deleted = 0;
        for (PartitionLog log : logs.values()) {
            if (!log.isClosed()) {
                deleted += LogRetention.apply(log, now);
            }
        }
        return deleted;
    }

    private void runRetentionQuietly() {
        try {
            runRetention();
        } catch (RuntimeException e) {
            LOG.error("retention pass failed", e);
        }
    }

    private void requestDueFlushes() {
        long now = config.clock().millis();
        for (PartitionLog log : logs.values()) {
            if (log.isDueForPeriodicFlush(now)) {
                log.requestFlush();
            }
        }
    }

    /**
     * DeleteRecords: moves the log start offset of {@code log} up to {@code offset} (at most the log end offset) and
     * makes it durable by writing the log-start-offset checkpoint, on the scheduler thread (never the caller's);
     * completes with the new log start offset. Segments wholly below it go with the next retention pass.
     */
    public CompletableFuture<Long> deleteRecords(PartitionLog log, long offset) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        try {
            scheduler.execute(() -> {
                try {
                    log.advanceLogStartOffset(offset);
                    writeLogStartCheckpoint();
                    done.complete(log.logStartOffset());
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(new LogClosedException("the log manager of " + dataDir + " is closed"));
        }
        return done;
    }

    private void writeLogStartCheckpoint() {
        Map<TopicPartition, Long> starts = new HashMap<>(logs.size() * 2);
        for (PartitionLog l : logs.values()) {
            starts.put(l.topicPartition(), l.logStartOffset());
        }
        try {
            logStarts.write(starts);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the log-start-offset checkpoint in " + dataDir + " failed", e);
        }
    }

    /**
     * Writes the recovery-point and log-start-offset checkpoints of every log, and a producer-state snapshot of
     * every log whose producers or length changed since its last one.
     */
    public void checkpoint() {
        Map<TopicPartition, Long> rps = new HashMap<>(logs.size() * 2);
        Map<TopicPartition, Long> starts = new HashMap<>(logs.size() * 2);
        for (PartitionLog log : logs.values()) {
            rps.put(log.topicPartition(), log.recoveryPoint());
            starts.put(log.topicPartition(), log.logStartOffset());
        }
        try {
            recoveryPoints.write(rps);
            logStarts.write(starts);
        } catch (IOException e) {
            throw new UncheckedIOException("writing checkpoints in " + dataDir + " failed", e);
        }
        for (PartitionLog log : logs.values()) {
            try {
                log.producerStore().checkpoint();
            } catch (IOException | RuntimeException e) {
                // One partition's failure (its directory renamed by a delete, a full disk) must not stop the rest.
                LOG.warn("writing the producer snapshot of {} failed; the next one retries", log.topicPartition(), e);
            }
        }
    }

    private void checkpointQuietly() {
        try {
            checkpoint();
        } catch (RuntimeException e) {
            LOG.error("checkpoint failed", e);
        }
    }

    /** Runs one compaction pass over every compacted log now (the cleaner thread does this on its own). */
    public int runCompaction() {
        return cleaner.cleanOnce();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the log manager of " + dataDir + " is closed");
        }
    }

    /**
     * Clean shutdown: stops the background work, flushes and closes every log, writes the checkpoints (the
     * recovery points are now the log end offsets) and then the clean-shutdown marker.
     */
    @Override
    public void close() {
        synchronized (topicLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        cleaner.stop();
        if (cleanerRunner != null) {
            cleanerRunner.close();
        }
        // Work already queued (directory removals) still runs; the timers stop.
        scheduler.shutdown();
        schedulerRunner.close();
        boolean allClean = true;
        for (PartitionLog log : logs.values()) {
            try {
                log.close();
            } catch (IOException | RuntimeException e) {
                allClean = false;
                LOG.error("closing the log of {} failed; the next start recovers it", log.topicPartition(), e);
            }
        }
        ctx.flusher().close();
        try {
            checkpoint();
            if (allClean) {
                LogFiles.writeAtomically(dataDir.resolve(CLEAN_SHUTDOWN_FILE), "clean shutdown\n");
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("writing the shutdown checkpoint of {} failed; the next start recovers every log", dataDir, e);
        }
        LOG.info("closed {} partition logs in {}", logs.size(), dataDir);
    }
}
