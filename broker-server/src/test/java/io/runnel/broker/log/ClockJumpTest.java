package io.runnel.broker.log;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.runnel.broker.log.TestBatches.append;
import static io.runnel.broker.log.TestBatches.batch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The log's clock set back and forward, as an operator or NTP may do to the wall clock: the time index stays in
 * timestamp order and timestamp searches stay right, retention does not delete segments whose records are newer
 * than the clock, and log.roll.ms neither rolls on every append nor never again.
 */
class ClockJumpTest {
    private static final long HOUR = 3_600_000;
    private static final long DAY = 24 * HOUR;

    @TempDir
    Path dir;
    private final LogTestSupport support = new LogTestSupport();

    @AfterEach
    void tearDown() throws Exception {
        support.close();
    }

    @Test
    void logAppendTimesThatGoBackKeepTheTimeIndexInOrderAndSearchesRight() throws Exception {
        long t = support.clock.millis();
        PartitionLog log = support.create(dir.resolve("t-0"),
                LogConfig.builder().logAppendTime(true).indexIntervalBytes(0).build());
        append(log, batch("a", 1, 10, 0));          // offset 0 at t
        support.clock.advance(1_000);
        append(log, batch("b", 1, 10, 0));          // 1 at t+1000
        support.clock.advance(-1_500);
        append(log, batch("c", 1, 10, 0));          // 2 at t-500
        append(log, batch("d", 1, 10, 0));          // 3 at t-500
        support.clock.advance(3_000);
        append(log, batch("e", 1, 10, 0));          // 4 at t+2500
        assertSearches(log, t);
        log = support.reopenAfterCrash(log);
        assertSearches(log, t);
        log = support.reopenClean(log);
        assertSearches(log, t);
        log.close();
        assertTimeIndexInOrder(dir.resolve("t-0").resolve(Segment.fileName(0, Segment.TIME_INDEX_SUFFIX)));
    }

    /** Kafka's answer: the first batch whose largest timestamp reaches the target, in offset order. */
    private static void assertSearches(PartitionLog log, long t) {
        assertEquals(0, log.offsetForTimestamp(t - 600).offset());
        assertEquals(1, log.offsetForTimestamp(t + 500).offset());
        assertEquals(4, log.offsetForTimestamp(t + 1_500).offset());
        assertEquals(t + 2_500, log.offsetForTimestamp(t + 2_500).timestamp());
    }

    private static void assertTimeIndexInOrder(Path timeIndex) throws Exception {
        ByteBuffer entries = ByteBuffer.wrap(Files.readAllBytes(timeIndex));
        assertTrue(entries.remaining() >= 2 * TimeIndex.ENTRY_SIZE, "too few entries to compare: " + entries);
        long last = Long.MIN_VALUE;
        int lastOffset = -1;
        while (entries.remaining() >= TimeIndex.ENTRY_SIZE) {
            long ts = entries.getLong();
            int rel = entries.getInt();
            assertTrue(ts > last && rel > lastOffset, "time index entry (" + ts + ", " + rel + ") after ("
                    + last + ", " + lastOffset + ")");
            last = ts;
            lastOffset = rel;
        }
    }

    @Test
    void retentionKeepsSegmentsWhoseRecordsAreNewerThanAClockThatWentBack() {
        long t = support.clock.millis();
        PartitionLog log = support.create(dir.resolve("t-0"),
                LogConfig.builder().segmentBytes(200).retentionMs(HOUR).build());
        for (int i = 0; i < 6; i++) {
            append(log, batch("r" + i, 1, 100, t));
        }
        int segments = log.segmentCount();
        assertTrue(segments > 2, "no closed segments to keep: " + segments);
        support.clock.advance(-DAY);
        assertEquals(0, LogRetention.apply(log, support.clock.millis()), "deleted while the clock was back");
        support.clock.advance(DAY + HOUR - 1);
        assertEquals(0, LogRetention.apply(log, support.clock.millis()), "deleted before retention.ms passed");
        assertEquals(segments, log.segmentCount());
        support.clock.advance(2);
        assertEquals(segments - 1, LogRetention.apply(log, support.clock.millis()), "retention.ms passed");
    }

    @Test
    void logRollMsNeitherRollsOnEveryAppendNorStopsAfterTheClockWentBack() {
        PartitionLog log = support.create(dir.resolve("t-0"), LogConfig.builder().segmentMs(HOUR).build());
        append(log, batch("a", 1, 10, 0));
        support.clock.advance(-DAY);
        for (int i = 0; i < 5; i++) {
            append(log, batch("b" + i, 1, 10, 0));
        }
        assertEquals(1, log.segmentCount(), "rolled while the clock was back");
        support.clock.advance(DAY + HOUR + 1);
        append(log, batch("c", 1, 10, 0));
        append(log, batch("d", 1, 10, 0));
        assertEquals(2, log.segmentCount(), "one roll once the segment was log.roll.ms old");
    }
}
