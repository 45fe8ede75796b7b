package io.runnel.broker.log;

import io.runnel.broker.topic.TopicInfo;
import io.runnel.broker.topic.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Map;

import static io.runnel.broker.log.TestBatches.append;
import static io.runnel.broker.log.TestBatches.seqBatch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 10,000 partitions: a clean start opens them in seconds, holds no file per partition, and little heap. */
class ManyPartitionsTest {
    private static final Logger LOG = LoggerFactory.getLogger(ManyPartitionsTest.class);
    private static final int TOPICS = 100;
    private static final int PER_TOPIC = 100;

    @TempDir
    Path dataDir;

    @Test
    void tenThousandPartitionsOpenInSecondsWithBoundedFilesAndSmallHeap() throws Exception {
        LogManagerConfig config = LogManagerConfig.defaults(dataDir).withMaxOpenSegments(256)
                .withCleanerEnabled(false);
        long t0 = System.nanoTime();
        LogManager manager = LogManager.open(config);
        for (int t = 0; t < TOPICS; t++) {
            TopicInfo topic = manager.createTopic("topic-" + t, PER_TOPIC, Map.of());
            append(manager.log(topic.partition(t)), seqBatch(0, 3, 50, 0));
        }
        long createdMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(manager.openSegmentHandles() <= 256, "open handles " + manager.openSegmentHandles());
        long t2 = System.nanoTime();
        manager.close();
        long closeMs = (System.nanoTime() - t2) / 1_000_000;
        manager = null;

        long heapBefore = usedHeapAfterGc();
        long t1 = System.nanoTime();
        manager = LogManager.open(config);
        long openMs = (System.nanoTime() - t1) / 1_000_000;
        try {
            long heapAfter = usedHeapAfterGc();
            long perPartition = (heapAfter - heapBefore) / (TOPICS * PER_TOPIC);
            LOG.info("10,000 partitions: created in {} ms, closed in {} ms, clean start in {} ms, {} bytes of heap "
                    + "per idle partition, {} segments open", createdMs, closeMs, openMs, perPartition,
                    manager.openSegmentHandles());
            assertEquals(TOPICS * PER_TOPIC, manager.logs().size());
            assertEquals(0, manager.openSegmentHandles(), "a clean start opens no segment file");
            assertTrue(openMs < 20_000, "clean start of 10,000 partitions took " + openMs + " ms");
            assertTrue(perPartition > 0 && perPartition < 4096, perPartition + " bytes of heap per idle partition");
            for (int t = 0; t < TOPICS; t++) {
                assertEquals(3, manager.log(new TopicPartition("topic-" + t, t)).logEndOffset());
                assertEquals(3, TestBatches.readAll(manager.log(new TopicPartition("topic-" + t, t))).size());
            }
            assertTrue(manager.openSegmentHandles() <= 256);
        } finally {
            manager.close();
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
