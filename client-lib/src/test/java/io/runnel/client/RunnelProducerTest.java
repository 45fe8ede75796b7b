package io.runnel.client;

import io.runnel.broker.EmbeddedBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.runnel.client.ProducedRecords.TIMEOUT;
import static io.runnel.client.ProducedRecords.createTopic;
import static io.runnel.client.ProducedRecords.readAll;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RunnelProducer scenarios that need Runnel itself: a broker restarted in the middle of sending, no broker at all,
 * a buffer kept full. Each test starts its own {@link EmbeddedBroker} (or none).
 */
class RunnelProducerTest {
    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        return e.getCause();
    }

    @Test
    void aBrokerRestartInTheMiddleOfSendingLeavesNoDuplicateAndNoGap(@TempDir Path dataDir) throws Exception {
        int port = freePort();
        EmbeddedBroker broker = EmbeddedBroker.builder().port(port).dataDir(dataDir).start();
        String topic = "restart";
        int count = 6000;
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        try {
            createTopic(broker.bootstrapServers(), topic, 2);
            try (RunnelProducer producer = RunnelProducer.builder().bootstrap(broker.bootstrapServers())
                    .retryBackoff(Duration.ofMillis(50)).requestTimeout(Duration.ofSeconds(10))
                    .deliveryTimeout(Duration.ofSeconds(120)).build()) {
                for (int i = 0; i < count; i++) {
                    futures.add(producer.send(ProducerRecord.of(topic, "key-" + (i % 5), Integer.toString(i))));
                    if (i == count / 3) {
                        // Wait until some records are acknowledged, so the restart cuts into a running stream.
                        await().atMost(TIMEOUT).until(() -> futures.get(0).isDone());
                        broker.close();
                        broker = EmbeddedBroker.builder().port(port).dataDir(dataDir).start();
                    }
                }
                producer.flush();
            }
            for (CompletableFuture<RecordMetadata> future : futures) {
                assertTrue(future.isDone() && !future.isCompletedExceptionally(), "every record acknowledged");
            }
            List<ConsumerRecord<byte[], byte[]>> read = readAll(broker.bootstrapServers(), topic, 2, count);
            assertEquals(count, read.size(), "no duplicate and no loss");
            // Per key, the values come back in the order they were sent: no reordering either.
            int[] lastPerKey = new int[5];
            java.util.Arrays.fill(lastPerKey, -1);
            for (ConsumerRecord<byte[], byte[]> record : read) {
                int value = Integer.parseInt(new String(record.value(), StandardCharsets.UTF_8));
                int key = value % 5;
                assertEquals(lastPerKey[key] + 5 == value || lastPerKey[key] == -1 && value == key, true,
                        "key " + key + ": " + value + " after " + lastPerKey[key]);
                lastPerKey[key] = value;
            }
        } finally {
            broker.close();
        }
    }

    @Test
    void noBrokerAtStartFailsWithAClearErrorWithinTheDeliveryTimeout() throws Exception {
        int port = freePort(); // nothing listens there
        try (RunnelProducer producer = RunnelProducer.builder().bootstrap("127.0.0.1:" + port)
                .requestTimeout(Duration.ofSeconds(1)).deliveryTimeout(Duration.ofSeconds(2)).build()) {
            RunnelTimeoutException error = assertThrows(RunnelTimeoutException.class,
                    () -> producer.sendSync(ProducerRecord.of("nowhere", "k", "v")));
            assertTrue(error.getMessage().contains("past the delivery timeout"), error.getMessage());
            assertTrue(error.getMessage().contains("no broker of 127.0.0.1:" + port + " answered"), error.getMessage());
        }
    }

    @Test
    void aFullBufferWithZeroMaxBlockFailsTheSendAtOnce() throws Exception {
        int port = freePort();
        try (RunnelProducer producer = RunnelProducer.builder().bootstrap("127.0.0.1:" + port)
                .bufferMemory(4096).batchSize(1024).maxBlock(Duration.ZERO)
                .requestTimeout(Duration.ofSeconds(1)).deliveryTimeout(Duration.ofSeconds(2)).build()) {
            byte[] value = new byte[500];
            List<CompletableFuture<RecordMetadata>> accepted = new ArrayList<>();
            CompletableFuture<RecordMetadata> refused = null;
            for (int i = 0; i < 20 && refused == null; i++) {
                CompletableFuture<RecordMetadata> future = producer.send(ProducerRecord.of("t", null, value));
                if (future.isCompletedExceptionally()) {
                    refused = future;
                } else {
                    accepted.add(future);
                }
            }
            assertTrue(refused != null, "the buffer filled up");
            assertTrue(accepted.size() >= 4 && accepted.size() <= 8, accepted.size() + " records fitted in 4096 bytes");
            assertInstanceOf(BufferExhaustedException.class, failureOf(refused));
            assertTrue(accepted.stream().noneMatch(CompletableFuture::isDone), "the others wait for the broker");
            // Once they expire, their memory is free again and a send is accepted.
            for (CompletableFuture<RecordMetadata> future : accepted) {
                assertInstanceOf(RunnelTimeoutException.class, failureOf(future));
            }
            await().atMost(TIMEOUT).until(() -> !producer.send(ProducerRecord.of("t", null, value)).isDone());
        }
    }

    @Test
    void aFullBufferWithPositiveMaxBlockWaitsThenFails() throws Exception {
        int port = freePort();
        try (RunnelProducer producer = RunnelProducer.builder().bootstrap("127.0.0.1:" + port)
                .bufferMemory(4096).batchSize(1024).maxBlock(Duration.ofMillis(300))
                .requestTimeout(Duration.ofSeconds(1)).deliveryTimeout(Duration.ofSeconds(2)).build()) {
            byte[] value = new byte[500];
            AtomicReference<CompletableFuture<RecordMetadata>> result = new AtomicReference<>();
            Thread sender = new Thread(() -> {
                for (int i = 0; i < 20; i++) {
                    CompletableFuture<RecordMetadata> future = producer.send(ProducerRecord.of("t", null, value));
                    if (future.isDone()) {
                        result.set(future);
                        return;
                    }
                }
            });
            sender.start();
            // The send that finds the buffer full parks in the buffer pool for maxBlock before it gives up.
            await().atMost(TIMEOUT).until(() -> sender.getState() == Thread.State.TIMED_WAITING);
            sender.join(TIMEOUT.toMillis());
            assertInstanceOf(BufferExhaustedException.class, failureOf(result.get()));
            assertTrue(failureOf(result.get()).getMessage().contains("maxBlock 300 ms"));
        }
    }

    @Test
    void sendSyncThrowsTheTypedError() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.builder().config("message.max.bytes", "2000").start();
             RunnelProducer producer = RunnelProducer.builder().bootstrap(broker.bootstrapServers()).build()) {
            createTopic(broker.bootstrapServers(), "small", 1);
            RecordTooLargeException error = assertThrows(RecordTooLargeException.class,
                    () -> producer.sendSync(ProducerRecord.of("small", null, new byte[5000])));
            assertTrue(error.getMessage().contains("small-0"), error.getMessage());
            RecordMetadata ok = producer.sendSync(ProducerRecord.of("small", null, new byte[100]));
            assertEquals(0, ok.offset(), "the producer goes on after a failed batch");
        }
    }
}
