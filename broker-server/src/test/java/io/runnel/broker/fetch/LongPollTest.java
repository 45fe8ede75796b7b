package io.runnel.broker.fetch;

import io.netty.buffer.ByteBuf;
import io.runnel.broker.Broker;
import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.log.PartitionLog;
import io.runnel.broker.network.Transport;
import io.runnel.broker.testing.NettyLeakCheck;
import io.runnel.broker.testing.RawConnection;
import io.runnel.broker.topic.TopicInfo;
import io.runnel.broker.topic.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.runnel.broker.fetch.FetchTestSupport.append;
import static io.runnel.broker.fetch.FetchTestSupport.fetchOne;
import static io.runnel.broker.fetch.FetchTestSupport.frame;
import static io.runnel.broker.fetch.FetchTestSupport.offsetsAndValues;
import static io.runnel.broker.fetch.FetchTestSupport.only;
import static io.runnel.broker.fetch.FetchTestSupport.readFetch;
import static io.runnel.broker.fetch.FetchTestSupport.records;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Long polling: a fetch with no data parks and is answered by the next append to any of its partitions, by
 * {@code max_wait_ms}, or by shutdown — on both socket transports (epoll sends the records with sendfile, NIO with
 * transferTo).
 */
class LongPollTest {
    private static final int PARKED_MS = 150;

    @TempDir
    Path dir;
    private Broker broker;

    private void start(Transport transport) {
        broker = Broker.start(BrokerConfig.of(Map.of("listeners", "PLAINTEXT://127.0.0.1:0",
                "log.dirs", dir.toString(), "http.listener", "none")), transport);
    }

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private TopicInfo topic(String name, int partitions) {
        return broker.logs().createTopic(name, partitions, Map.of());
    }

    private PartitionLog log(TopicInfo topic, int partition) {
        return broker.logs().log(new TopicPartition(topic.name(), partition));
    }

    private RawConnection connect() throws IOException {
        return new RawConnection("127.0.0.1", broker.listener().port());
    }

    private static Uuid id(TopicInfo topic) {
        return new Uuid(topic.id().getMostSignificantBits(), topic.id().getLeastSignificantBits());
    }

    /** Asserts that no response comes for a while: the fetch is parked. */
    private static void assertParked(RawConnection conn) throws IOException {
        conn.readTimeout(PARKED_MS);
        assertThrows(SocketTimeoutException.class, conn::readFrame, "the fetch should be waiting for data");
        conn.readTimeout(10_000);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void anAppendWakesAParkedFetchWithinMilliseconds(Transport transport) throws IOException {
        start(transport);
        TopicInfo topic = topic("poll", 1);
        PartitionLog log = log(topic, 0);
        long[] latencies = new long[30];
        try (RawConnection conn = connect()) {
            for (int i = 0; i < latencies.length; i++) {
                short version = (short) (i % 2 == 0 ? 11 : 17);
                conn.write(frame(ApiKeys.FETCH, version,
                        fetchOne(topic.name(), id(topic), 0, i, 1 << 20, 30_000, 1), i));
                assertParked(conn);
                ByteBuf batch = FetchTestSupport.batch("m" + i, 1, 100, 1_000);
                long before = System.nanoTime();
                try {
                    log.append(batch);
                } finally {
                    batch.release();
                }
                FetchResponseData response = readFetch(conn, version, i);
                latencies[i] = System.nanoTime() - before;
                assertEquals(List.of(i + ":m" + i + "-0"), offsetsAndValues(records(only(response))));
                assertEquals(i + 1, only(response).highWatermark());
                assertTrue(latencies[i] < TimeUnit.SECONDS.toNanos(5),
                        "answered long before max_wait_ms (30 s): " + latencies[i] / 1_000 + " µs");
            }
        }
        Arrays.sort(latencies);
        System.out.printf("Long-poll wake-up latency over %s, append to response read, %d fetches: median %d µs,"
                        + " max %d µs%n", transport, latencies.length, latencies[latencies.length / 2] / 1_000,
                latencies[latencies.length - 1] / 1_000);
    }

    @Test
    void aFetchOnSeveralPartitionsWakesOnAnAppendToAnyOfThem() throws IOException {
        start(Transport.best());
        TopicInfo topic = topic("many", 3);
        FetchRequestData request = fetchOne(topic.name(), id(topic), 0, 0, 1 << 20, 30_000, 1);
        for (int p = 1; p < 3; p++) {
            request.topics().get(0).partitions().add(new FetchRequestData.FetchPartition().setPartition(p)
                    .setFetchOffset(0).setPartitionMaxBytes(1 << 20));
        }
        try (RawConnection conn = connect()) {
            conn.write(frame(ApiKeys.FETCH, (short) 12, request, 1));
            assertParked(conn);
            append(log(topic, 2), "third", 1, 10, 1_000);
            FetchResponseData response = readFetch(conn, (short) 12, 1);
            List<FetchResponseData.PartitionData> parts = response.responses().get(0).partitions();
            assertEquals(0, records(parts.get(0)).sizeInBytes());
            assertEquals(0, records(parts.get(1)).sizeInBytes());
            assertEquals(List.of("0:third-0"), offsetsAndValues(records(parts.get(2))));
        }
    }

    @Test
    void withoutDataTheFetchIsAnsweredEmptyAtMaxWait() throws IOException {
        start(Transport.best());
        TopicInfo topic = topic("idle", 1);
        try (RawConnection conn = connect()) {
            long start = System.nanoTime();
            conn.write(frame(ApiKeys.FETCH, (short) 11, fetchOne(topic.name(), id(topic), 0, 0, 1 << 20, 400, 1), 7));
            FetchResponseData response = readFetch(conn, (short) 11, 7);
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(elapsedMs >= 390 && elapsedMs < 10_000, "answered after " + elapsedMs + " ms");
            assertEquals(0, records(only(response)).sizeInBytes());
            assertEquals(0, only(response).highWatermark());
        }
    }

    @Test
    void minBytesWaitsUntilEnoughHasBeenAppended() throws IOException {
        start(Transport.best());
        TopicInfo topic = topic("min", 1);
        PartitionLog log = log(topic, 0);
        try (RawConnection conn = connect()) {
            conn.write(frame(ApiKeys.FETCH, (short) 11,
                    fetchOne(topic.name(), id(topic), 0, 0, 1 << 20, 30_000, 2_000), 1));
            assertParked(conn);
            append(log, "small", 1, 100, 1_000);
            assertParked(conn);
            append(log, "large", 1, 3_000, 1_000);
            FetchResponseData response = readFetch(conn, (short) 11, 1);
            assertEquals(List.of("0:small-0", "1:large-0"), offsetsAndValues(records(only(response))));
        }
    }

    @Test
    void stoppingTheBrokerAnswersParkedFetchesAtOnce() throws IOException {
        start(Transport.best());
        TopicInfo topic = topic("stop", 1);
        try (RawConnection conn = connect()) {
            conn.write(frame(ApiKeys.FETCH, (short) 12, fetchOne(topic.name(), id(topic), 0, 0, 1 << 20, 60_000, 1),
                    3));
            assertParked(conn);
            long start = System.nanoTime();
            CompletableFuture<Void> closing = CompletableFuture.runAsync(broker::close);
            FetchResponseData response = readFetch(conn, (short) 12, 3);
            closing.join();
            broker = null;
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(elapsedMs < 10_000, "shutdown took " + elapsedMs + " ms with a fetch waiting up to 60 s");
            assertEquals(0, records(only(response)).sizeInBytes());
        }
    }

    @Test
    void aFetchWhoseClientLeftIsAnsweredIntoTheVoidWithoutLeaking() throws IOException {
        start(Transport.best());
        TopicInfo topic = topic("gone", 1);
        try (RawConnection conn = connect()) {
            conn.write(frame(ApiKeys.FETCH, (short) 11, fetchOne(topic.name(), id(topic), 0, 0, 1 << 20, 30_000, 1),
                    1));
            assertParked(conn);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.openConnections() == 0);
        append(log(topic, 0), "late", 1, 100, 1_000);
        List<String> leaks = new ArrayList<>(NettyLeakCheck.collectLeaks());
        assertEquals(List.of(), leaks);
    }

    @Test
    void aReadyResponseQueuedBehindAParkedOneIsReleasedWhenTheClientLeaves() throws IOException {
        start(Transport.best());
        TopicInfo waiting = topic("queued-wait", 1);
        TopicInfo full = topic("queued-data", 1);
        append(log(full, 0), "ready", 5, 1_000, 1_000);
        try (RawConnection conn = connect()) {
            // Responses leave in request order: the second, read at once, waits behind the parked first.
            conn.write(RawConnection.concat(
                    frame(ApiKeys.FETCH, (short) 12, fetchOne(waiting.name(), id(waiting), 0, 0, 1 << 20, 30_000, 1), 1),
                    frame(ApiKeys.FETCH, (short) 12, fetchOne(full.name(), id(full), 0, 0, 1 << 20, 30_000, 1), 2)));
            assertParked(conn);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.openConnections() == 0);
        append(log(waiting, 0), "late", 1, 100, 1_000);
        assertEquals(List.of(), new ArrayList<>(NettyLeakCheck.collectLeaks()));
    }
}
