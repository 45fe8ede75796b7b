package io.runnel.broker.log;

import io.runnel.broker.thread.Agent;
import io.runnel.broker.thread.AgentRunner;
import io.runnel.broker.topic.TopicInfo;
import io.runnel.broker.topic.TopicPartition;
import io.runnel.broker.topic.TopicRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Start-up of a data directory: reads the checkpoints and the clean-shutdown marker (deleting it at once, so a
 * crash during or after this start means recovery next time), sorts the directories into partition logs to
 * load, leftovers to delete (renamed {@code -delete} directories, and partition directories the registry does
 * not know or knows under another topic id), then loads every log ({@link LogLoader}): lazily after a clean
 * shutdown, else with recovery.
 *
 * <p>Loading runs on {@code num.recovery.threads.per.data.dir} loader agents ({@code runnel-log-loader-<n>}) that
 * take partitions from one queue; they exist only while {@link #load} runs, which returns once every log is loaded
 * and the agents have stopped. What a loader thread may block on: reading, truncating and fsyncing segment files
 * (recovery), building indexes, reading producer snapshots and replaying batch headers.
 */
final class DataDirectoryLoader {
    private static final Logger LOG = LoggerFactory.getLogger(DataDirectoryLoader.class);

    /** The loaded logs and the directories to delete in the background. */
    record Result(Map<TopicPartition, PartitionLog> logs, List<Path> toDelete) {
    }

    private final LogManagerConfig config;
    private final Path dataDir;
    private final TopicRegistry registry;
    private final LogContext ctx;
    private final Map<TopicPartition, PartitionLog> logs = new ConcurrentHashMap<>();

    private DataDirectoryLoader(LogManagerConfig config, TopicRegistry registry, LogContext ctx) {
        this.config = config;
        this.dataDir = config.dataDir();
        this.registry = registry;
        this.ctx = ctx;
    }

    static Result load(LogManagerConfig config, TopicRegistry registry, LogContext ctx,
                       OffsetCheckpointFile recoveryPoints, OffsetCheckpointFile logStarts) throws IOException {
        return new DataDirectoryLoader(config, registry, ctx).loadAll(recoveryPoints, logStarts);
    }

    private Result loadAll(OffsetCheckpointFile recoveryPoints, OffsetCheckpointFile logStarts) throws IOException {
        long started = System.nanoTime();
        Path marker = dataDir.resolve(LogManager.CLEAN_SHUTDOWN_FILE);
        boolean clean = Files.exists(marker);
        Map<TopicPartition, Long> rps = recoveryPoints.read();
        Map<TopicPartition, Long> starts = logStarts.read();
        if (clean) {
            // From here on a crash must mean recovery, whatever happens to this start-up.
            Files.delete(marker);
            LogFiles.fsyncDirectory(dataDir);
        }
        Map<TopicPartition, Path> toLoad = new HashMap<>();
        List<Path> toDelete = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dataDir, Files::isDirectory)) {
            for (Path dir : stream) {
                classify(dir, toLoad, toDelete);
            }
        }
        for (TopicInfo t : registry.all()) {
            for (int p = 0; p < t.partitionCount(); p++) {
                TopicPartition tp = t.partition(p);
                if (!toLoad.containsKey(tp)) {
                    LOG.warn("partition {} of topic {} had no directory; creating an empty log", tp, t.id());
                    Path dir = dataDir.resolve(tp.dirName());
                    Files.createDirectories(dir);
                    PartitionDirectories.writeMetadata(dir, t.id());
                    toLoad.put(tp, dir);
                }
            }
        }
        loadInParallel(toLoad, rps, starts, clean);
        LOG.info("opened {} partition logs in {} ms ({})", logs.size(), (System.nanoTime() - started) / 1_000_000,
                clean ? "clean shutdown: lazily" : "no clean-shutdown marker: recovered");
        return new Result(logs, toDelete);
    }

    private void classify(Path dir, Map<TopicPartition, Path> toLoad, List<Path> toDelete) throws IOException {
        String name = dir.getFileName().toString();
        if (name.equals(LogManager.TOPICS_DIR)) {
            return;
        }
        if (name.endsWith(PartitionDirectories.DELETE_SUFFIX)) {
            toDelete.add(dir);
            return;
        }
        TopicPartition tp = TopicPartition.fromDirName(name);
        if (tp == null) {
            LOG.warn("ignoring directory {} in the data directory: not a partition log", dir);
            return;
        }
        TopicInfo topic = registry.get(tp.topic());
        UUID dirId = PartitionDirectories.readMetadata(dir);
        if (topic == null || tp.partition() >= topic.partitionCount() || (dirId != null && !dirId.equals(topic.id()))) {
            LOG.warn("removing partition directory {}: topic {} is {} (a create or delete was interrupted)", dir,
                    tp.topic(), topic == null ? "not registered" : "registered with id " + topic.id()
                            + " and " + topic.partitionCount() + " partitions, the directory has id " + dirId);
            toDelete.add(PartitionDirectories.renameForDeletion(dataDir, dir, dirId));
            return;
        }
        if (dirId == null) {
            PartitionDirectories.writeMetadata(dir, topic.id());
        }
        toLoad.put(tp, dir);
    }

    private void loadInParallel(Map<TopicPartition, Path> toLoad, Map<TopicPartition, Long> rps,
                                Map<TopicPartition, Long> starts, boolean clean) throws IOException {
        if (toLoad.isEmpty()) {
            return;
        }
        Queue<LoadTask> tasks = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<Void>> done = new ArrayList<>(toLoad.size());
        for (Map.Entry<TopicPartition, Path> e : toLoad.entrySet()) {
            TopicPartition tp = e.getKey();
            CompletableFuture<Void> loaded = new CompletableFuture<>();
            done.add(loaded);
            tasks.add(new LoadTask(loaded, recovery -> load(tp, e.getValue(), rps.getOrDefault(tp, -1L),
                    starts.getOrDefault(tp, -1L), clean, recovery)));
        }
        int threads = Math.max(1, Math.min(config.recoveryThreads(), toLoad.size()));
        List<AgentRunner> loaders = new ArrayList<>(threads);
        try {
            for (int i = 0; i < threads; i++) {
                loaders.add(AgentRunner.start(new LoadAgent("log-loader-" + i, tasks)));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException("loading logs failed", e.getCause());
        } finally {
            // A failed load leaves the rest queued: drop them, so the agents stop at once.
            tasks.clear();
            AgentRunner.closeAll(loaders);
        }
    }

    private void load(TopicPartition tp, Path dir, long rp, long start, boolean clean, SegmentRecovery recovery) {
        TopicInfo topic = registry.get(tp.topic());
        LogConfig logConfig = config.defaults().withTopicOverrides(topic.configs());
        logs.put(tp, LogLoader.load(tp, dir, logConfig, ctx, rp, start, clean, recovery));
    }

    /** One partition to load, and the future that says it was. */
    private record LoadTask(CompletableFuture<Void> done, Consumer<SegmentRecovery> work) {
        void run(SegmentRecovery recovery) {
            try {
                work.accept(recovery);
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        }
    }

    /** A loader thread: loads one queued partition per unit of work, with its own recovery buffer. */
    private static final class LoadAgent implements Agent {
        private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

        private final String role;
        private final Queue<LoadTask> tasks;
        private final SegmentRecovery recovery = new SegmentRecovery();

        LoadAgent(String role, Queue<LoadTask> tasks) {
            this.role = role;
            this.tasks = tasks;
        }

        @Override
        public String roleName() {
            return role;
        }

        @Override
        public int doWork() {
            LoadTask task = tasks.poll();
            if (task == null) {
                return 0;
            }
            task.run(recovery);
            return 1;
        }

        @Override
        public long idleNanos() {
            return IDLE_NANOS;
        }
    }
}
