package io.runnel.broker.log;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.runnel.broker.log.TestBatches.append;
import static io.runnel.broker.log.TestBatches.readAll;
import static io.runnel.broker.log.TestBatches.seqBatch;
import static io.runnel.broker.log.TestBatches.seqOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Crash leftovers made by hand: every one must recover to exactly the whole, valid batches before the damage. */
class TornTailRecoveryTest {
    @TempDir
    Path tmp;
    private final LogTestSupport support = new LogTestSupport();

    @AfterEach
    void tearDown() throws Exception {
        support.close();
    }

    private static final LogConfig CONFIG = LogConfig.builder().segmentBytes(2048).indexIntervalBytes(200).build();

    /** Builds a log of {@code batches} batches of 2 records in {@code dir}, closed without a clean shutdown. */
    private long buildLog(Path dir, int batches) {
        PartitionLog log = support.create(dir, CONFIG);
        for (int i = 0; i < batches; i++) {
            append(log, seqBatch(2L * i, 2, 40, 1000 + i));
        }
        long end = log.logEndOffset();
        log.closeWithoutFlush(new IllegalStateException("test"));
        return end;
    }

    private static Path activeLogFile(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".log")).sorted().reduce((a, b) -> b).orElseThrow();
        }
    }

    /** Opens with recovery from the start; checks dense offsets 0..end-1 carrying their sequence numbers. */
    private PartitionLog recoverAndCheck(Path dir, long expectedEnd) {
        PartitionLog log = support.open(dir, CONFIG, 0, 0, false);
        assertEquals(expectedEnd, log.logEndOffset());
        List<TestBatches.Rec> all = readAll(log);
        assertEquals(expectedEnd, all.size());
        for (int i = 0; i < all.size(); i++) {
            assertEquals(i, all.get(i).offset());
            assertEquals(i, seqOf(all.get(i).value()));
        }
        return log;
    }

    @Test
    void aBatchCutAtEveryByteIsDroppedWholeAndAppendsContinue() throws Exception {
        Path source = tmp.resolve("source");
        long end = buildLog(source, 3);
        Path file = activeLogFile(source);
        byte[] full = Files.readAllBytes(file);
        ByteBuf last = seqBatch(end - 2, 2, 40, 1002);
        int lastSize = TestBatches.sizeOf(last);
        last.release();
        int prefix = full.length - lastSize;
        for (int cut = 0; cut < lastSize; cut++) {
            Path dir = tmp.resolve("cut-" + cut);
            Files.createDirectories(dir);
            Files.write(dir.resolve(file.getFileName()), Arrays.copyOf(full, prefix + cut));
            PartitionLog log = recoverAndCheck(dir, end - 2);
            assertEquals(prefix, Files.size(dir.resolve(file.getFileName())), "file truncated at cut " + cut);
            assertEquals(end - 2, append(log, seqBatch(end - 2, 2, 40, 0)).firstOffset());
            assertEquals(end, readAll(log).size());
            log.close();
        }
    }

    @Test
    void aZeroedPreallocatedTailIsTruncated() throws Exception {
        Path dir = tmp.resolve("t-0");
        long end = buildLog(dir, 20);
        Path file = activeLogFile(dir);
        long valid = Files.size(file);
        Files.write(file, new byte[8192], StandardOpenOption.APPEND);
        recoverAndCheck(dir, end);
        assertEquals(valid, Files.size(file));
    }

    @Test
    void garbageAfterTheLastBatchIsTruncated() throws Exception {
        Random random = new Random(11);
        for (int round = 0; round < 20; round++) {
            Path dir = tmp.resolve("g-" + round);
            long end = buildLog(dir, 12);
            Path file = activeLogFile(dir);
            long valid = Files.size(file);
            byte[] garbage = new byte[1 + random.nextInt(3000)];
            random.nextBytes(garbage);
            Files.write(file, garbage, StandardOpenOption.APPEND);
            recoverAndCheck(dir, end).close();
            assertEquals(valid, Files.size(file), "round " + round);
        }
    }

    @Test
    void aValidBatchRepeatedAfterTheTailIsRejectedForItsOffsets() throws Exception {
        Path dir = tmp.resolve("t-0");
        long end = buildLog(dir, 12);
        Path file = activeLogFile(dir);
        byte[] bytes = Files.readAllBytes(file);
        ByteBuf one = seqBatch(0, 2, 40, 1000);
        int size = TestBatches.sizeOf(one);
        one.release();
        // The first batch of the active segment again: CRC fine, offsets go backwards.
        Files.write(file, Arrays.copyOf(bytes, size), StandardOpenOption.APPEND);
        recoverAndCheck(dir, end);
        assertEquals(bytes.length, Files.size(file));
    }

    @Test
    void aFlippedBitInTheMiddleCutsTheLogThereAndNoBadBatchIsServed() throws Exception {
        Path dir = tmp.resolve("t-0");
        long end = buildLog(dir, 60);
        long[] bases = LogLoader.listSegments(dir);
        assertTrue(bases.length > 3, "several segments");
        Path middle = dir.resolve(Segment.fileName(bases[1], Segment.LOG_SUFFIX));
        byte[] bytes = Files.readAllBytes(middle);
        ByteBuf one = seqBatch(0, 2, 40, 1000);
        int size = TestBatches.sizeOf(one);
        one.release();
        bytes[2 * size + 70] ^= 0x10; // inside the third batch's records
        Files.write(middle, bytes);
        PartitionLog log = recoverAndCheck(dir, bases[1] + 4);
        assertEquals(2, log.segmentCount());
        assertTrue(end > log.logEndOffset());
    }

    @Test
    void aTruncatedIndexIsRebuiltDuringRecovery() throws Exception {
        Path dir = tmp.resolve("t-0");
        long end = buildLog(dir, 40);
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.toString().endsWith("index")).toList()) {
                try (var ch = java.nio.channels.FileChannel.open(p, StandardOpenOption.WRITE)) {
                    ch.truncate(Math.max(0, ch.size() / 2 - 3));
                }
            }
        }
        PartitionLog log = recoverAndCheck(dir, end);
        for (long offset = 0; offset < end; offset++) {
            TestBatches.Rec first = TestBatches.parse(log.read(offset, 1, true)).get(0);
            assertTrue(first.batchBase() <= offset && offset <= first.batchLast(), "read at " + offset);
        }
    }

    @Test
    void recoveryFromTheRecoveryPointKeepsEarlierSegmentsUntouched() throws Exception {
        Path dir = tmp.resolve("t-0");
        PartitionLog log = support.create(dir, CONFIG);
        for (int i = 0; i < 60; i++) {
            append(log, seqBatch(2L * i, 2, 40, 1000 + i));
        }
        log.whenDurable(log.logEndOffset()).get();
        long rp = log.recoveryPoint();
        assertTrue(rp > 0, "roll flushes moved the recovery point");
        long end = log.logEndOffset();
        Path active = activeLogFile(dir);
        log.closeWithoutFlush(new IllegalStateException("test"));
        Files.write(active, new byte[100], StandardOpenOption.APPEND);
        log = support.open(dir, CONFIG, rp, 0, false);
        assertEquals(end, log.logEndOffset());
        assertEquals(end, readAll(log).size());
    }
}
