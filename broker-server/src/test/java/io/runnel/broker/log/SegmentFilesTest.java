package io.runnel.broker.log;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static io.runnel.broker.log.TestBatches.append;
import static io.runnel.broker.log.TestBatches.seqBatch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SegmentFiles#open} on the files of a real closed segment: checked indexes are used as they are, and a
 * missing, truncated, oversized or corrupt index file is never trusted but rebuilt (only when the caller may).
 */
class SegmentFilesTest {
    private static final int INTERVAL = 256;
    private static final long NOW = 1_700_000_000_000L;

    @TempDir
    Path dir;
    private final LogTestSupport support = new LogTestSupport();
    private final OpenResourceCounter counter = new OpenResourceCounter();
    private final FileWorkProbe probe = new FileWorkProbe();
    private final List<String> work = new ArrayList<>();
    private final List<SegmentHandle> opened = new ArrayList<>();
    private Path logDir;
    private long base;
    private int size;
    private long limit;
    /** Position, base offset and last offset of every batch of the segment. */
    private final List<long[]> batches = new ArrayList<>();

    /** A closed segment of batches of 3 records, its indexes trimmed; the log closed so no handle is open. */
    @BeforeEach
    void closedSegment() throws Exception {
        LogConfig config = LogConfig.builder().segmentBytes(4096).indexIntervalBytes(INTERVAL).build();
        PartitionLog log = support.create(dir.resolve("t-0"), config);
        for (long seq = 0; seq < 150; seq += 3) {
            append(log, seqBatch(seq, 3, 40, 1_000 + seq));
        }
        Segment first = log.segments()[0];
        logDir = log.dir();
        base = first.baseOffset();
        size = first.size();
        limit = log.segments()[1].baseOffset();
        log.close();
        try (FileChannel ch = FileChannel.open(files().logPath(), StandardOpenOption.READ)) {
            BatchHeaderReader r = BatchHeaderReader.forThread(ch);
            for (long pos = 0; r.load(pos, size); pos += r.sizeInBytes(pos)) {
                batches.add(new long[]{pos, r.baseOffset(pos), r.lastOffset(pos)});
            }
        }
        assertTrue(batches.size() > 8, batches.size() + " batches");
        probe.observe(work::add);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (SegmentHandle h : opened) {
            h.release();
        }
        assertEquals(0, counter.open(), "every handle closed");
        support.close();
    }

    private SegmentFiles files() {
        return new SegmentFiles(logDir, base, 4096, "", counter, probe);
    }

    private SegmentIndexer indexer() {
        return new SegmentIndexer(base, INTERVAL);
    }

    private SegmentHandle open(SegmentIndexer indexer, boolean mayBuild) throws IOException {
        SegmentHandle h = files().open(indexer, size, limit, false, null, mayBuild, NOW);
        if (h != null) {
            opened.add(h);
        }
        return h;
    }

    private long indexLength() throws IOException {
        return Files.size(files().offsetIndexPath());
    }

    /** Every batch is found through the handle's offset index: from its base, its last offset and in between. */
    private void assertEveryBatchFound(SegmentHandle h) throws IOException {
        for (long[] b : batches) {
            for (long target = b[1]; target <= b[2]; target++) {
                assertEquals(b[0], LogReads.findBatch(null, h, target, size), "batch of offset " + target);
            }
        }
        assertEquals(-1, LogReads.findBatch(null, h, limit, size), "nothing at the next segment's base");
    }

    @Test
    void checkedIndexesAreUsedAsTheyAreAndFindEveryBatch() throws IOException {
        long length = indexLength();
        SegmentHandle h = open(indexer(), false);
        assertNotNull(h);
        assertTrue(h.hasIndexes());
        assertEquals(length / OffsetIndex.ENTRY_SIZE, h.offsetIndex().entries());
        assertTrue(h.offsetIndex().entries() > 2, "entries every " + INTERVAL + " bytes");
        assertEquals(List.of(), work, "nothing rebuilt");
        OffsetIndex index = h.offsetIndex();
        assertEquals(-1, index.floorSlot(h.offsetIndexMap(), base - 1));
        for (int slot = 0; slot < index.entries(); slot++) {
            long offset = index.offsetAt(h.offsetIndexMap(), slot);
            int position = index.positionAt(h.offsetIndexMap(), slot);
            assertTrue(batches.stream().anyMatch(b -> b[0] == position && b[1] == offset), "entry " + slot);
            assertEquals(slot, index.floorSlot(h.offsetIndexMap(), offset));
            assertEquals(slot, index.floorSlotByPosition(h.offsetIndexMap(), position));
        }
        assertEveryBatchFound(h);
        assertEquals(batches.get(batches.size() - 1)[1], h.indexer().offsetOfMaxTimestamp());
        assertEquals(h.timeIndex().lastTimestamp(h.timeIndexMap()), h.indexer().maxTimestamp());
    }

    @Test
    void aTruncatedIndexFileIsRebuiltOnlyWhereBuildingIsAllowed() throws IOException {
        long length = indexLength();
        try (FileChannel ch = FileChannel.open(files().offsetIndexPath(), StandardOpenOption.WRITE)) {
            ch.truncate(length - 3);
        }
        assertNull(open(indexer(), false), "a network thread gets no handle with these indexes");
        assertEquals(0, counter.open(), "and nothing is left open");
        assertEquals(List.of(), work);
        SegmentHandle h = open(indexer(), true);
        assertTrue(h.hasIndexes());
        assertEquals(length, indexLength(), "rebuilt to the same entries, trimmed");
        assertEquals(1, work.size(), work.toString());
        assertEveryBatchFound(h);
    }

    @Test
    void anOversizedIndexFileWithAZeroedTailIsRebuilt() throws IOException {
        long length = indexLength();
        // As a preallocated index of a segment that was never trimmed looks after a crash.
        Files.write(files().offsetIndexPath(), new byte[64], StandardOpenOption.APPEND);
        assertNull(open(indexer(), false));
        SegmentHandle h = open(indexer(), true);
        assertEquals(length, indexLength());
        assertEveryBatchFound(h);
    }

    @Test
    void anEntryOutsideTheLogOrOutOfOrderIsRebuilt() throws IOException {
        byte[] bytes = Files.readAllBytes(files().offsetIndexPath());
        ByteBuffer.wrap(bytes).putInt(bytes.length - 4, size + 100);
        Files.write(files().offsetIndexPath(), bytes);
        assertNull(open(indexer(), false));
        assertEveryBatchFound(open(indexer(), true));

        byte[] time = Files.readAllBytes(files().timeIndexPath());
        ByteBuffer.wrap(time).putLong(0, Long.MAX_VALUE);
        Files.write(files().timeIndexPath(), time);
        assertNull(open(indexer(), false), "a time index whose timestamps fall is refused");
        assertNotNull(open(indexer(), true));
        assertEquals(2, work.size(), work.toString());
    }

    @Test
    void aMissingIndexIsBuiltAndAnEmptySegmentNeedsNone() throws IOException {
        Files.delete(files().timeIndexPath());
        assertNull(open(indexer(), false));
        SegmentHandle h = open(indexer(), true);
        assertTrue(Files.exists(files().timeIndexPath()));
        assertEveryBatchFound(h);

        SegmentFiles empty = new SegmentFiles(logDir, 1_000_000, 4096, "", counter, probe);
        empty.createEmpty();
        SegmentIndexer none = new SegmentIndexer(1_000_000, INTERVAL);
        SegmentHandle e = empty.open(none, 0, Long.MAX_VALUE, false, null, false, NOW);
        opened.add(e);
        assertEquals(0, e.offsetIndex().entries());
        assertEquals(1, work.size(), "the empty segment built nothing: " + work);
    }

    @Test
    void aRebuildReasonIsHonouredOnlyWhereBuildingIsAllowed() throws IOException {
        SegmentIndexer indexer = indexer();
        assertNull(files().open(indexer, size, limit, false, "a test says so", false, NOW));
        SegmentHandle h = files().open(indexer, size, limit, false, "a test says so", true, NOW);
        opened.add(h);
        assertEquals(1, work.size());
        assertEveryBatchFound(h);
    }

    @Test
    void aHandleWithoutIndexesFindsEveryBatchByScanning() throws IOException {
        SegmentHandle h = files().openWithoutIndexes(indexer());
        opened.add(h);
        assertFalse(h.hasIndexes());
        assertEquals(0, h.offsetIndexMap().capacity());
        assertEquals(-1, h.offsetIndex().floorSlot(h.offsetIndexMap(), Long.MAX_VALUE));
        assertEquals(-1, h.timeIndex().lastOffsetBefore(h.timeIndexMap(), Long.MAX_VALUE));
        assertEveryBatchFound(h);
        assertEquals(List.of(), work);
    }

    @Test
    void aHandleOpenedBeforeARebuildKeepsToTheEntriesItMaps() throws IOException {
        // The index on disk holds only its first two entries (sane), then a rebuild restores them all.
        byte[] bytes = Files.readAllBytes(files().offsetIndexPath());
        Files.write(files().offsetIndexPath(), java.util.Arrays.copyOf(bytes, 2 * OffsetIndex.ENTRY_SIZE));
        SegmentIndexer shared = indexer();
        SegmentHandle before = open(shared, false);
        assertEquals(2, before.offsetIndex().entries());
        SegmentHandle after = files().open(shared, size, limit, false, "restore the entries", true, NOW);
        opened.add(after);
        assertTrue(shared.offsetIndex().entries() > 2);
        assertEquals(2 * OffsetIndex.ENTRY_SIZE, before.offsetIndexMap().capacity());
        // The shared count now exceeds the old map: lookups through the old handle stay inside it.
        assertEquals(1, before.offsetIndex().floorSlot(before.offsetIndexMap(), Long.MAX_VALUE));
        assertEveryBatchFound(before);
        assertEveryBatchFound(after);
    }

    @Test
    void aSegmentOpenedForAppendsMapsItsIndexesPreallocatedAndTakesItsAgeFromItsFirstBatch() throws IOException {
        SegmentIndexer indexer = indexer();
        SegmentHandle h = files().open(indexer, size, limit, true, null, false, NOW);
        opened.add(h);
        assertEquals(1_002, indexer.createdMs(), "the first batch's timestamp is older than the time given");
        assertEquals(4096, h.offsetIndexMap().capacity(), "preallocated for appends");
        assertEquals(4096 / TimeIndex.ENTRY_SIZE * TimeIndex.ENTRY_SIZE, h.timeIndexMap().capacity());
        assertEveryBatchFound(h);
    }
}
