package io.runnel.broker.log;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.runnel.protocol.record.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static io.runnel.broker.log.TestBatches.append;
import static io.runnel.broker.log.TestBatches.parse;
import static io.runnel.broker.log.TestBatches.readAll;
import static io.runnel.broker.log.TestBatches.seqBatch;
import static io.runnel.broker.log.TestBatches.seqOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartitionLogTest {
    @TempDir
    Path dir;
    private final LogTestSupport support = new LogTestSupport();

    @AfterEach
    void tearDown() throws Exception {
        support.close();
    }

    private static LogConfig small() {
        return LogConfig.builder().segmentBytes(4096).indexIntervalBytes(300).segmentIndexBytes(4096).build();
    }

    /** Appends batches of 1..5 records with values carrying their expected offsets; returns the record count. */
    private static long fill(PartitionLog log, int batches, long seed, long timestamp) {
        Random random = new Random(seed);
        long seq = log.logEndOffset();
        for (int i = 0; i < batches; i++) {
            int count = 1 + random.nextInt(5);
            AppendResult r = append(log, seqBatch(seq, count, 10 + random.nextInt(120), timestamp + seq));
            assertEquals(seq, r.firstOffset());
            assertEquals(seq + count - 1, r.lastOffset());
            seq += count;
        }
        return seq;
    }

    @Test
    void appendAssignsDenseOffsetsAndEveryOffsetReadsBackAcrossRolls() throws Exception {
        PartitionLog log = support.create(dir.resolve("t-0"), small());
        long end = fill(log, 400, 1, 1_000);
        assertEquals(end, log.logEndOffset());
        assertTrue(log.segmentCount() > 10, "rolled into " + log.segmentCount() + " segments");

        for (long offset = 0; offset < end; offset++) {
            List<TestBatches.Rec> got = parse(log.read(offset, 1, true));
            TestBatches.Rec first = got.get(0);
            assertTrue(first.batchBase() <= offset && offset <= first.batchLast(),
                    "read at " + offset + " starts with batch " + first.batchBase() + ".." + first.batchLast());
            for (TestBatches.Rec r : got) {
                assertEquals(r.offset(), seqOf(r.value()), "offset of the record carrying its sequence number");
            }
        }
        List<TestBatches.Rec> all = readAll(log);
        assertEquals(end, all.size());
        for (int i = 0; i < all.size(); i++) {
            assertEquals(i, all.get(i).offset());
            assertEquals(i, seqOf(all.get(i).value()));
        }
    }

    @Test
    void readReturnsWholeBatchesWithinMaxBytesAndOneBatchWhenAsked() {
        PartitionLog log = support.create(dir.resolve("t-0"), LogConfig.builder().indexIntervalBytes(100).build());
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ByteBuf b = seqBatch(i * 3L, 3, 50, 1000);
            sizes.add(TestBatches.sizeOf(b));
            append(log, b);
        }
        int threeBatches = sizes.get(0) + sizes.get(1) + sizes.get(2);
        LogSlice slice = log.read(0, threeBatches + sizes.get(3) - 1, false);
        assertEquals(threeBatches, slice.length());
        assertEquals(9, parse(slice).size());

        LogSlice none = log.read(4, sizes.get(1) - 1, false);
        assertTrue(none.isEmpty());
        none.release();
        List<TestBatches.Rec> one = parse(log.read(4, 1, true));
        assertEquals(List.of(3L, 4L, 5L), one.stream().map(TestBatches.Rec::offset).toList());

        // Large budgets jump through the index to the end of the last fitting batch.
        int budget = 0;
        for (int i = 10; i < 40; i++) {
            budget += sizes.get(i);
        }
        List<TestBatches.Rec> mid = parse(log.read(31, budget + 5, false));
        assertEquals(30, mid.get(0).offset());
        assertEquals(119, mid.get(mid.size() - 1).offset());
    }

    @Test
    void readOutsideTheLogIsOutOfRangeAndAtTheEndIsEmpty() {
        PartitionLog log = support.create(dir.resolve("t-0"), small());
        long end = fill(log, 10, 2, 0);
        assertThrows(OffsetOutsideLogException.class, () -> log.read(end + 1, 100, true));
        assertThrows(OffsetOutsideLogException.class, () -> log.read(-1, 100, true));
        LogSlice atEnd = log.read(end, 100, true);
        assertTrue(atEnd.isEmpty());
        atEnd.release();
    }

    @Test
    void offsetForTimestampMatchesABruteForceSearch() {
        PartitionLog log = support.create(dir.resolve("t-0"), small());
        Random random = new Random(7);
        List<long[]> records = new ArrayList<>();
        long seq = 0;
        for (int i = 0; i < 300; i++) {
            int count = 1 + random.nextInt(4);
            // Timestamps mostly increase but jitter backwards, as producers' clocks do.
            long base = 10_000 + i * 10L - random.nextInt(25);
            String[] keys = new String[count];
            String[] values = new String[count];
            long[] ts = new long[count];
            for (int j = 0; j < count; j++) {
                keys[j] = "k";
                values[j] = "r" + (seq + j) + ";";
                ts[j] = base + random.nextInt(15);
                records.add(new long[]{seq + j, ts[j]});
            }
            append(log, TestBatches.batch(keys, values, ts));
            seq += count;
        }
        for (long target = 9_900; target <= 13_100; target += 7) {
            long expectOffset = -1;
            long expectTs = -1;
            for (long[] r : records) {
                if (r[1] >= target) {
                    expectOffset = r[0];
                    expectTs = r[1];
                    break;
                }
            }
            TimestampAndOffset got = log.offsetForTimestamp(target);
            if (expectOffset < 0) {
                assertNull(got, "timestamp " + target);
            } else {
                assertEquals(new TimestampAndOffset(expectTs, expectOffset), got, "timestamp " + target);
            }
        }
        long maxTs = records.stream().mapToLong(r -> r[1]).max().orElseThrow();
        long maxOffset = records.stream().filter(r -> r[1] == maxTs).mapToLong(r -> r[0]).min().orElseThrow();
        assertEquals(new TimestampAndOffset(maxTs, maxOffset), log.offsetForTimestamp(-3));
        assertEquals(seq, log.offsetForTimestamp(-1).offset());
        assertEquals(0, log.offsetForTimestamp(-2).offset());
    }

    @Test
    void logAppendTimeStampsEveryBatchAndKeepsTheCrcValid() {
        support.clock.advance(12345);
        PartitionLog log = support.create(dir.resolve("t-0"), LogConfig.builder().logAppendTime(true).build());
        AppendResult r = append(log, seqBatch(0, 4, 20, 5));
        assertEquals(support.clock.millis(), r.logAppendTime());
        List<TestBatches.Rec> got = parse(log.read(0, 10_000, true));
        assertEquals(4, got.size());
        for (TestBatches.Rec rec : got) {
            assertEquals(support.clock.millis(), rec.timestamp());
        }
        assertEquals(new TimestampAndOffset(support.clock.millis(), 0), log.offsetForTimestamp(100));
    }

    @Test
    void segmentRollsWhenSegmentMsPasses() {
        PartitionLog log = support.create(dir.resolve("t-0"), LogConfig.builder().segmentMs(1000).build());
        append(log, seqBatch(0, 1, 10, 0));
        append(log, seqBatch(1, 1, 10, 0));
        assertEquals(1, log.segmentCount());
        support.clock.advance(1001);
        append(log, seqBatch(2, 1, 10, 0));
        assertEquals(2, log.segmentCount());
        assertEquals(2, log.segments()[1].baseOffset());
    }

    @Test
    void segmentMsOfAReopenedSegmentCountsOnTheLogsClockNotTheWallClock() throws Exception {
        // The log's clock is three years behind the wall clock; batches without timestamps leave only the clock.
        LogConfig hour = LogConfig.builder().segmentMs(3_600_000).build();
        PartitionLog log = support.create(dir.resolve("t-0"), hour);
        append(log, TestBatches.batch("a", 2, 10, RecordBatch.NO_TIMESTAMP));
        log = support.reopenClean(log);
        append(log, TestBatches.batch("b", 2, 10, RecordBatch.NO_TIMESTAMP));
        assertEquals(1, log.segmentCount(), "right after the reopen the segment does not roll");
        support.clock.advance(2 * 3_600_000);
        append(log, TestBatches.batch("c", 2, 10, RecordBatch.NO_TIMESTAMP));
        assertEquals(2, log.segmentCount(), "two hours after the reopen the segment rolled");
    }

    @Test
    void aClosedLogRefusesReadsAndTimestampSearchesWithLogClosedException() throws Exception {
        PartitionLog log = support.create(dir.resolve("t-0"), small());
        fill(log, 50, 9, 1_000);
        log.close();
        assertThrows(LogClosedException.class, () -> log.read(0, 1024, true));
        assertThrows(LogClosedException.class, () -> log.offsetForTimestamp(1_000));
        assertThrows(LogClosedException.class, () -> log.offsetForTimestamp(-3));
        assertThrows(LogClosedException.class, () -> append(log, seqBatch(0, 1, 10, 0)));
    }

    @Test
    void aRetiredSegmentThatIsStillListedFailsReadsInsteadOfSpinning() {
        PartitionLog log = support.create(dir.resolve("t-0"), small());
        fill(log, 200, 10, 1_000);
        assertTrue(log.segmentCount() > 2);
        LogFaults.retireFirstSegmentButKeepItListed(log);
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> {
            IllegalStateException read = assertThrows(IllegalStateException.class, () -> log.read(0, 1024, true));
            assertFalse(read instanceof LogClosedException, read.toString());
            IllegalStateException search = assertThrows(IllegalStateException.class,
                    () -> log.offsetForTimestamp(1_000));
            assertFalse(search instanceof LogClosedException, search.toString());
        });
        // Segments that are fine still read.
        long second = log.segments()[1].baseOffset();
        assertEquals(second, parse(log.read(second, 1, true)).get(0).batchBase());
    }

    @Test
    void appendOfSeveralBatchesAtOnceAssignsConsecutiveOffsets() {
        PartitionLog log = support.create(dir.resolve("t-0"), small());
        ByteBuf two = Unpooled.buffer();
        ByteBuf a = seqBatch(0, 2, 10, 1);
        ByteBuf b = seqBatch(2, 3, 10, 1);
        two.writeBytes(a).writeBytes(b);
        a.release();
        b.release();
        AppendResult r = append(log, two);
        assertEquals(0, r.firstOffset());
        assertEquals(4, r.lastOffset());
        List<TestBatches.Rec> all = readAll(log);
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), all.stream().map(TestBatches.Rec::offset).toList());
        assertEquals(2, all.get(2).batchBase());
    }

    @Test
    void cleanReopenKeepsEverythingAndTrimsIndexes() throws Exception {
        PartitionLog log = support.create(dir.resolve("t-0"), small());
        long end = fill(log, 200, 3, 0);
        List<TestBatches.Rec> before = readAll(log);
        log.close();
        try (Stream<Path> files = Files.list(log.dir())) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(".index")) {
                    assertEquals(0, Files.size(p) % OffsetIndex.ENTRY_SIZE, name);
                    assertTrue(Files.size(p) < 4096, name + " is trimmed to its entries");
                } else if (name.endsWith(".timeindex")) {
                    assertEquals(0, Files.size(p) % TimeIndex.ENTRY_SIZE, name);
                    assertTrue(Files.size(p) < 4092, name + " is trimmed to its entries");
                }
            }
        }
        log = support.open(log.dir(), log.config(), end, 0, true);
        assertEquals(end, log.logEndOffset());
        assertEquals(before, readAll(log));
        // Appends continue at the same offsets after the reopen.
        assertEquals(end, append(log, seqBatch(end, 2, 10, 0)).firstOffset());
        assertEquals(end + 2, readAll(log).size());
    }

    @Test
    void corruptIndexOfAClosedSegmentIsRebuiltNotTrusted() throws Exception {
        PartitionLog log = support.create(dir.resolve("t-0"), small());
        long end = fill(log, 200, 4, 0);
        List<TestBatches.Rec> before = readAll(log);
        log.close();
        Path index = log.dir().resolve(Segment.fileName(0, Segment.INDEX_SUFFIX));
        byte[] bytes = Files.readAllBytes(index);
        assertTrue(bytes.length >= 16, "the first segment has index entries");
        // Point an entry into the middle of a batch.
        bytes[bytes.length - 1] ^= 0x05;
        Files.write(index, bytes);
        Path second = log.dir().resolve(Segment.fileName(log.segments()[1].baseOffset(), Segment.INDEX_SUFFIX));
        Files.write(second, new byte[]{1, 2, 3}); // cut inside an entry
        log = support.open(log.dir(), log.config(), end, 0, true);
        assertEquals(before, readAll(log));
        // Every single-batch read lands through the index; none may start at a wrong batch.
        for (long offset = 0; offset < end; offset++) {
            TestBatches.Rec first = parse(log.read(offset, 1, true)).get(0);
            assertTrue(first.batchBase() <= offset && offset <= first.batchLast(), "read at " + offset);
        }
    }

    @Test
    void lastOffsetDeltaOfEmptyKafkaStyleBatchIsRespected() {
        // A batch's records may be fewer than lastOffsetDelta + 1 after compaction; offsets still follow the delta.
        PartitionLog log = support.create(dir.resolve("t-0"), small());
        ByteBuf b = seqBatch(0, 3, 10, 0);
        b.setInt(b.readerIndex() + RecordBatch.LAST_OFFSET_DELTA_OFFSET, 9);
        new RecordBatch().wrap(b, b.readerIndex()).updateCrc();
        AppendResult r = append(log, b);
        assertEquals(9, r.lastOffset());
        assertEquals(10, append(log, seqBatch(10, 1, 10, 0)).firstOffset());
    }
}
