package io.runnel.broker.log;

import io.runnel.broker.topic.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.runnel.broker.log.ProducerStateTest.idempotent;
import static io.runnel.broker.log.TestBatches.append;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The producer state is loaded while the logs are opened (on the start-up loader threads), never by the first
 * append, which runs on a network thread: after a crash by replaying the batch headers since the last snapshot,
 * after a clean shutdown from the snapshot written at the log end.
 */
class ProducerStateLoadingTest {
    @TempDir
    Path dataDir;

    @Test
    void producerStateIsLoadedAtOpenAfterACrashAndAfterACleanShutdown() throws Exception {
        TopicPartition tp = new TopicPartition("p", 0);
        LogManager manager = LogManager.open(LogManagerConfig.defaults(dataDir));
        manager.createTopic("p", 1, Map.of());
        PartitionLog log = manager.log(tp);
        append(log, idempotent(4242L, 0, 0, 3));
        log.whenDurable(log.logEndOffset()).get(10, TimeUnit.SECONDS);
        manager.close();

        manager = LogManager.open(LogManagerConfig.defaults(dataDir));
        assertTrue(manager.log(tp).producerState().isLoaded(), "a clean start loads the producer state up front");
        manager.close();

        Files.delete(dataDir.resolve(LogManager.CLEAN_SHUTDOWN_FILE));
        manager = LogManager.open(LogManagerConfig.defaults(dataDir));
        try {
            PartitionLog recovered = manager.log(tp);
            assertTrue(recovered.producerState().isLoaded(), "recovery loaded the producer state");
            AppendResult retry = append(recovered, idempotent(4242L, 0, 0, 3));
            assertTrue(retry.duplicate());
            assertEquals(0L, retry.firstOffset());
        } finally {
            manager.close();
        }
    }
}
