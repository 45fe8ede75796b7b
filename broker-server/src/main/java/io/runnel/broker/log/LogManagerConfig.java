package io.runnel.broker.log;

import io.runnel.broker.config.BrokerConfig;

import java.nio.file.Path;
import java.time.Clock;

/**
 * Broker-wide storage settings (the per-log ones are in {@link LogConfig}), built from the broker's typed
 * configuration with {@link #from}; each component names its key in {@link BrokerConfig}.
 *
 * @param dataDir                    {@code log.dirs}: the one data directory
 * @param defaults                   the log settings topics start from
 * @param maxOpenSegments            {@code log.open.segments.max} (Runnel): segments whose files are open at once
 * @param flusherThreads             {@code log.flush.threads} (Runnel): fsync threads of the group commit
 * @param recoveryThreads            {@code num.recovery.threads.per.data.dir}: logs recovered in parallel
 * @param retentionCheckIntervalMs   {@code log.retention.check.interval.ms}
 * @param checkpointIntervalMs       {@code log.flush.offset.checkpoint.interval.ms}
 * @param flushCheckIntervalMs       {@code log.flush.scheduler.interval.ms}: how often flush.ms is checked
 * @param cleanerEnabled             {@code log.cleaner.enable}
 * @param cleanerBackoffMs           {@code log.cleaner.backoff.ms}: pause when no log needs compacting
 * @param clock                      time source (tests move it by hand)
 */
public record LogManagerConfig(Path dataDir, LogConfig defaults, int maxOpenSegments, int flusherThreads,
                               int recoveryThreads, long retentionCheckIntervalMs, long checkpointIntervalMs,
                               long flushCheckIntervalMs, boolean cleanerEnabled, long cleanerBackoffMs,
                               Clock clock) {
    public LogManagerConfig {
        if (maxOpenSegments < 1 || flusherThreads < 1 || recoveryThreads < 1 || retentionCheckIntervalMs < 1
                || checkpointIntervalMs < 1 || flushCheckIntervalMs < 1 || cleanerBackoffMs < 1) {
            throw new IllegalArgumentException("storage settings out of range: log.open.segments.max="
                    + maxOpenSegments + " log.flush.threads=" + flusherThreads
                    + " num.recovery.threads.per.data.dir=" + recoveryThreads + " log.retention.check.interval.ms="
                    + retentionCheckIntervalMs + " log.flush.offset.checkpoint.interval.ms=" + checkpointIntervalMs
                    + " log.flush.scheduler.interval.ms=" + flushCheckIntervalMs + " log.cleaner.backoff.ms="
                    + cleanerBackoffMs);
        }
    }

    /** Every setting at the broker's default ({@link BrokerConfig#defaults()}), the system clock. */
    public static LogManagerConfig defaults(Path dataDir) {
        return from(BrokerConfig.defaults(), dataDir);
    }

    /**
     * The storage settings of a broker configuration, with the data directory as the broker resolved and locked it.
     */
    public static LogManagerConfig from(BrokerConfig config, Path dataDir) {
        return new LogManagerConfig(dataDir, LogConfig.fromBrokerConfig(config),
                config.get(BrokerConfig.LOG_OPEN_SEGMENTS_MAX),
                config.get(BrokerConfig.LOG_FLUSH_THREADS),
                config.get(BrokerConfig.NUM_RECOVERY_THREADS_PER_DATA_DIR),
                config.get(BrokerConfig.LOG_RETENTION_CHECK_INTERVAL_MS),
                config.get(BrokerConfig.LOG_FLUSH_OFFSET_CHECKPOINT_INTERVAL_MS),
                config.get(BrokerConfig.LOG_FLUSH_SCHEDULER_INTERVAL_MS),
                config.get(BrokerConfig.LOG_CLEANER_ENABLE),
                config.get(BrokerConfig.LOG_CLEANER_BACKOFF_MS),
                Clock.systemUTC());
    }

    public LogManagerConfig withDefaults(LogConfig newDefaults) {
        return new LogManagerConfig(dataDir, newDefaults, maxOpenSegments, flusherThreads, recoveryThreads,
                retentionCheckIntervalMs, checkpointIntervalMs, flushCheckIntervalMs, cleanerEnabled,
                cleanerBackoffMs, clock);
    }

    public LogManagerConfig withMaxOpenSegments(int n) {
        return new LogManagerConfig(dataDir, defaults, n, flusherThreads, recoveryThreads, retentionCheckIntervalMs,
                checkpointIntervalMs, flushCheckIntervalMs, cleanerEnabled, cleanerBackoffMs, clock);
    }

    public LogManagerConfig withIntervals(long retentionCheckMs, long checkpointMs, long cleanerBackoff) {
        return new LogManagerConfig(dataDir, defaults, maxOpenSegments, flusherThreads, recoveryThreads,
                retentionCheckMs, checkpointMs, flushCheckIntervalMs, cleanerEnabled, cleanerBackoff, clock);
    }

    public LogManagerConfig withCleanerEnabled(boolean enabled) {
        return new LogManagerConfig(dataDir, defaults, maxOpenSegments, flusherThreads, recoveryThreads,
                retentionCheckIntervalMs, checkpointIntervalMs, flushCheckIntervalMs, enabled, cleanerBackoffMs,
                clock);
    }

    public LogManagerConfig withClock(Clock newClock) {
        return new LogManagerConfig(dataDir, defaults, maxOpenSegments, flusherThreads, recoveryThreads,
                retentionCheckIntervalMs, checkpointIntervalMs, flushCheckIntervalMs, cleanerEnabled,
                cleanerBackoffMs, newClock);
    }
}
