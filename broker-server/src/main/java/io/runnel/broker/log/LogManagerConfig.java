package io.runnel.broker.log;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Broker-wide storage settings (the per-log ones are in {@link LogConfig}). Keys are Kafka's where Kafka has one.
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

    /** Defaults: 4096 open segments, 2 flusher and 2 recovery threads, Kafka's intervals, the system clock. */
    public static LogManagerConfig defaults(Path dataDir) {
        return new LogManagerConfig(dataDir, LogConfig.defaults(), 4096, 2, 2, 300_000, 60_000, 1_000, true,
                15_000, Clock.systemUTC());
    }

    /** Reads the keys above from broker properties; absent ones keep their defaults. */
    public static LogManagerConfig fromProperties(Map<String, String> props) {
        Path dir = Path.of(props.getOrDefault("log.dirs", "./data"));
        if (dir.toString().contains(",")) {
            throw new IllegalArgumentException("config log.dirs=" + dir + " lists several directories; Runnel "
                    + "uses one");
        }
        LogManagerConfig d = defaults(dir);
        return new LogManagerConfig(dir, LogConfig.fromBrokerProperties(props),
                intOf(props, "log.open.segments.max", d.maxOpenSegments),
                intOf(props, "log.flush.threads", d.flusherThreads),
                intOf(props, "num.recovery.threads.per.data.dir", d.recoveryThreads),
                longOf(props, "log.retention.check.interval.ms", d.retentionCheckIntervalMs),
                longOf(props, "log.flush.offset.checkpoint.interval.ms", d.checkpointIntervalMs),
                longOf(props, "log.flush.scheduler.interval.ms", d.flushCheckIntervalMs),
                boolOf(props, "log.cleaner.enable", d.cleanerEnabled),
                longOf(props, "log.cleaner.backoff.ms", d.cleanerBackoffMs),
                d.clock);
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

    private static int intOf(Map<String, String> props, String key, int dflt) {
        long v = longOf(props, key, dflt);
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("config " + key + "=" + v + " is above " + Integer.MAX_VALUE);
        }
        return (int) v;
    }

    private static long longOf(Map<String, String> props, String key, long dflt) {
        String v = props.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("config " + key + "=" + v + " is not an integer", e);
        }
    }

    private static boolean boolOf(Map<String, String> props, String key, boolean dflt) {
        String v = props.get(key);
        if (v == null) {
            return dflt;
        }
        if (!v.trim().equalsIgnoreCase("true") && !v.trim().equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("config " + key + "=" + v + " is not true or false");
        }
        return Boolean.parseBoolean(v.trim());
    }
}
