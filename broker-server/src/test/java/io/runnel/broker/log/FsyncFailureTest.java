package io.runnel.broker.log;

import io.runnel.broker.topic.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.runnel.broker.log.TestBatches.append;
import static io.runnel.broker.log.TestBatches.seqBatch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After an fsync fails the kernel may have dropped the pages it could not write, so a later fsync that succeeds
 * proves nothing: the log must never again report those offsets durable, and its shutdown must not be clean.
 */
class FsyncFailureTest {
    @TempDir
    Path dataDir;

    @Test
    void afterAFailedFsyncNothingBecomesDurableAndTheShutdownIsNotClean() throws Exception {
        LogManager manager = LogManager.open(LogManagerConfig.defaults(dataDir));
        manager.createTopic("t", 1, Map.of());
        PartitionLog log = manager.log(new TopicPartition("t", 0));
        AppendResult first = append(log, seqBatch(0, 3, 10, 0));
        log.whenDurable(first.nextOffset()).get(10, TimeUnit.SECONDS);
        long durableBefore = log.durableOffset();
        long recoveryBefore = log.recoveryPoint();

        AppendResult second = append(log, seqBatch(3, 3, 10, 0));
        IOException injected = new IOException("injected fsync failure");
        log.failDurability(injected);

        CompletableFuture<Void> waiter = log.whenDurable(second.nextOffset());
        ExecutionException failed = assertThrows(ExecutionException.class, () -> waiter.get(10, TimeUnit.SECONDS));
        assertSame(injected, failed.getCause());
        log.flush();
        assertEquals(durableBefore, log.durableOffset(), "a flush after the failure must not advance durability");
        assertEquals(recoveryBefore, log.recoveryPoint(), "nor the recovery point");

        manager.close();
        assertFalse(Files.exists(dataDir.resolve(LogManager.CLEAN_SHUTDOWN_FILE)),
                "a log that lost an fsync cannot be closed cleanly");
        assertTrue(second.nextOffset() > durableBefore);
    }
}
