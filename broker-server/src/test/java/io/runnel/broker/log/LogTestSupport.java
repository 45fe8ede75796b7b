package io.runnel.broker.log;

import io.runnel.broker.thread.AgentRunner;
import io.runnel.broker.thread.TaskAgent;
import io.runnel.broker.topic.TopicPartition;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens partition logs on a temp dir with their own cache, flusher, background agent and clock; closes everything
 * at the end.
 */
final class LogTestSupport implements AutoCloseable {
    final MutableClock clock = new MutableClock(1_700_000_000_000L);
    final OpenSegmentCache cache;
    final Flusher flusher = new Flusher(2);
    final TaskAgent background = new TaskAgent("log-test-background");
    private final AgentRunner backgroundRunner = AgentRunner.start(background);
    final LogContext ctx;
    private final List<PartitionLog> opened = new ArrayList<>();

    LogTestSupport() {
        this(1000);
    }

    LogTestSupport(int openSegments) {
        cache = new OpenSegmentCache(openSegments);
        ctx = new LogContext(cache, flusher, clock, background);
    }

    static final TopicPartition TP = new TopicPartition("t", 0);

    /** Opens (or reopens) the log in {@code dir}; clean=true trusts {@code recoveryPoint} as the log end. */
    PartitionLog open(Path dir, LogConfig config, long recoveryPoint, long logStart, boolean clean) {
        PartitionLog log = LogLoader.load(TP, dir, config, ctx, recoveryPoint, logStart, clean,
                new SegmentRecovery());
        opened.add(log);
        return log;
    }

    PartitionLog create(Path dir, LogConfig config) {
        return open(dir, config, -1, -1, false);
    }

    /** Closes cleanly and reopens as after a clean shutdown. */
    PartitionLog reopenClean(PartitionLog log) throws Exception {
        log.close();
        return open(log.dir(), log.config(), log.logEndOffset(), log.logStartOffset(), true);
    }

    /** Drops the log without flushing and reopens it as after a crash (recovery from its recovery point). */
    PartitionLog reopenAfterCrash(PartitionLog log) {
        long rp = log.recoveryPoint();
        long start = log.logStartOffset();
        log.closeWithoutFlush(new IllegalStateException("simulated crash"));
        return open(log.dir(), log.config(), rp, start, false);
    }

    @Override
    public void close() throws Exception {
        for (PartitionLog log : opened) {
            if (!log.isClosed()) {
                log.close();
            }
        }
        flusher.close();
        background.shutdown();
        backgroundRunner.close();
    }
}
