package io.runnel.reliability.socket;

import io.runnel.broker.EmbeddedBroker;
import io.runnel.broker.testing.DroppingProxy;
import io.runnel.broker.testing.NettyLeakCheck;
import io.runnel.broker.testing.RawConnection;
import io.runnel.reliability.SoakSettings;
import io.runnel.reliability.check.SegmentScan;
import io.runnel.reliability.check.TopicReader;
import io.runnel.reliability.fuzz.SeedCorpus;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad clients against a running broker's socket: random bytes, random and damaged frames (from real kafka-clients
 * traffic recorded against this broker and from the committed seed corpus), record batches damaged behind a
 * recomputed CRC, truncated, oversized and slow-loris frames, half-closed sockets, pipelined garbage, half frames
 * held open for the whole run and bursts of many connections at once — from several threads.
 *
 * <p>Throughout, a fresh connection's ApiVersions is answered (else a crash is counted). Afterwards the broker
 * still takes a well-formed idempotent produce and serves it back by fetch, Netty's leak detector (PARANOID)
 * reports nothing, and once stopped, every partition's segment files hold only batches that pass their CRC and
 * record checks, with dense offsets. Fast version: a fixed seed and count; {@code -Psoak}: for
 * {@code runnel.soak.duration}.
 */
class SocketFuzzTest {
    private static final String TOPIC = "socket-fuzz";
    private static final int PARTITIONS = 3;
    private static final int MAX_FRAME = 64 * 1024;
    private static final int WORKERS = 3;
    private static final int FAST_ATTACKS_PER_WORKER = 200;
    private static final int HEALTH_EVERY = 50;
    private static final int BURST_EVERY = 200;
    private static final int BURST_CONNECTIONS = 120;
    private static final int HELD_HALF_FRAMES = 20;
    private static final int WELL_FORMED_PER_PARTITION = 30;
    private static final long IDLE_MS = 3_000;

    @TempDir
    Path dataDir;

    @Test
    void badClientsNeitherCrashLeakNorCorruptTheBroker() throws Exception {
        SoakSettings settings = SoakSettings.current(0x50c4e7f022L);
        long start = System.nanoTime();
        List<byte[]> frames = new ArrayList<>(SeedCorpus.load(SeedCorpus.FRAMES_DIR).values());
        Map<SocketAttack, AtomicInteger> attacks = new EnumMap<>(SocketAttack.class);
        for (SocketAttack a : SocketAttack.values()) {
            attacks.put(a, new AtomicInteger());
        }
        AtomicInteger crashes = new AtomicInteger();
        AtomicInteger connections = new AtomicInteger();
        AtomicLong answeredBytes = new AtomicLong();
        List<String> crashNotes = new CopyOnWriteArrayList<>();
        int wellFormed;
        List<String> leaks;
        int heldOpen;
        try (DroppingProxy recorder = new DroppingProxy();
             EmbeddedBroker broker = EmbeddedBroker.builder().dataDir(dataDir).config(Map.of(
                     "socket.request.max.bytes", Integer.toString(MAX_FRAME),
                     "max.connections", "400",
                     // Held half frames must be closed by the broker, not by the end of the run.
                     "connections.max.idle.ms", Long.toString(IDLE_MS),
                     "advertised.listeners", "PLAINTEXT://127.0.0.1:" + recorder.port())).start()) {
            recorder.target(broker.port());
            recorder.recordRequests();
            String bootstrap = "127.0.0.1:" + recorder.port();
            createTopic(bootstrap);
            // Real traffic against this very broker, so damaged Produce frames name a topic that exists.
            produce(bootstrap, "warm-up", Map.of(ProducerConfig.ACKS_CONFIG, "1",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false", ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip"));
            produce(bootstrap, "warm-up-idempotent", Map.of());
            frames.addAll(recorder.requests());

            List<Socket> held = holdHalfFrames(broker.port(), frames, new Random(settings.seed()));
            ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
            try {
                List<Future<?>> running = new ArrayList<>();
                for (int w = 0; w < WORKERS; w++) {
                    Random random = new Random(settings.seed() + w + 1);
                    boolean bursts = w == 0;
                    running.add(workers.submit(() -> {
                        for (int i = 0; settings.another(i, FAST_ATTACKS_PER_WORKER, start); i++) {
                            SocketAttack attack = SocketAttack.values()[random.nextInt(SocketAttack.values().length)];
                            answeredBytes.addAndGet(attack.run(broker.port(), MAX_FRAME, frames, random));
                            attacks.get(attack).incrementAndGet();
                            connections.incrementAndGet();
                            if (bursts && i % BURST_EVERY == BURST_EVERY / 2) {
                                connections.addAndGet(burst(broker.port(), frames, random));
                            }
                            if (i % HEALTH_EVERY == HEALTH_EVERY - 1 && !healthy(broker.port(), i, crashNotes)) {
                                crashes.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : running) {
                    f.get(settings.soak() ? settings.duration().toMinutes() + 10 : 10, TimeUnit.MINUTES);
                }
                heldOpen = stillOpen(held);
            } finally {
                workers.shutdownNow();
                assertTrue(workers.awaitTermination(60, TimeUnit.SECONDS), "attack threads stopped");
                for (Socket s : held) {
                    s.close();
                }
            }
            if (!healthy(broker.port(), -1, crashNotes)) {
                crashes.incrementAndGet();
            }
            wellFormed = wellFormedProduceAndFetch(bootstrap);
            leaks = NettyLeakCheck.collectLeaks();
        }
        long stored = 0;
        int unreadableCompressed = 0;
        List<String> corrupt = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            try {
                SegmentScan.Extent extent = SegmentScan.scan(dataDir, TOPIC, p);
                stored += extent.records();
                unreadableCompressed += extent.unreadableCompressed();
            } catch (AssertionError e) {
                corrupt.add(e.getMessage());
            }
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("inputs", attacks.values().stream().mapToInt(AtomicInteger::get).sum());
        figures.put("connections", connections.get());
        figures.put("crashes", crashes.get());
        figures.put("leaks", leaks.size());
        figures.put("corrupt-partitions", corrupt.size());
        figures.put("records-stored", stored);
        figures.put("compressed-batches-unreadable", unreadableCompressed);
        figures.put("answered-bytes", answeredBytes.get());
        figures.put("half-frames-left-open", heldOpen);
        figures.put("by-kind", attacks);
        settings.printSummary("socket-fuzz", start, figures);

        assertEquals(List.of(), crashNotes, "health checks that failed");
        assertEquals(0, crashes.get());
        assertEquals(List.of(), leaks, "Netty buffer leaks");
        assertEquals(List.of(), corrupt, "partitions whose segment files hold a bad batch or an offset gap");
        assertEquals(PARTITIONS * WELL_FORMED_PER_PARTITION, wellFormed, "well-formed records served back");
        assertEquals(0, heldOpen, "half frames still open " + IDLE_MS + " ms after they were sent "
                + "(connections.max.idle.ms)");
        for (SocketAttack a : SocketAttack.values()) {
            assertTrue(attacks.get(a).get() > 0, "no " + a + " attack ran: " + attacks);
        }
    }

    private static void createTopic(String bootstrap) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Sends {@link #WELL_FORMED_PER_PARTITION} records to each partition; returns what was acknowledged. */
    private static Map<Integer, Map<Long, String>> produce(String bootstrap, String tag, Map<String, String> settings)
            throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        props.putAll(settings);
        Map<Integer, Map<Long, String>> acked = new HashMap<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            List<String> values = new ArrayList<>();
            for (int i = 0; i < PARTITIONS * WELL_FORMED_PER_PARTITION; i++) {
                String value = tag + "-" + i;
                values.add(value);
                sent.add(producer.send(new ProducerRecord<>(TOPIC, i % PARTITIONS, "k" + i, value)));
            }
            for (int i = 0; i < sent.size(); i++) {
                RecordMetadata meta = sent.get(i).get(60, TimeUnit.SECONDS);
                acked.computeIfAbsent(meta.partition(), p -> new HashMap<>()).put(meta.offset(), values.get(i));
            }
        }
        return acked;
    }

    /** A well-formed idempotent produce after the attacks, then a fetch of exactly what it was told it wrote. */
    private static int wellFormedProduceAndFetch(String bootstrap) throws Exception {
        Map<Integer, Map<Long, String>> acked = produce(bootstrap, "after", Map.of(ProducerConfig.ACKS_CONFIG, "all"));
        Map<Integer, Long> from = new HashMap<>();
        Map<Integer, Long> to = new HashMap<>();
        acked.forEach((p, offsets) -> {
            from.put(p, offsets.keySet().stream().min(Long::compare).orElseThrow());
            to.put(p, offsets.keySet().stream().max(Long::compare).orElseThrow() + 1);
        });
        int matched = 0;
        for (Map.Entry<Integer, List<ConsumerRecord<String, String>>> e
                : TopicReader.read(bootstrap, TOPIC, from, to, Duration.ofSeconds(60)).entrySet()) {
            for (ConsumerRecord<String, String> record : e.getValue()) {
                assertEquals(acked.get(e.getKey()).get(record.offset()), record.value(),
                        TOPIC + "-" + e.getKey() + " offset " + record.offset());
                matched++;
            }
        }
        return matched;
    }

    /** Half frames on connections kept open for the whole run: they must not hold anything up. */
    private static List<Socket> holdHalfFrames(int port, List<byte[]> frames, Random random) throws IOException {
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < HELD_HALF_FRAMES; i++) {
            byte[] frame = SocketAttack.sized(frames.get(random.nextInt(frames.size())));
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.getOutputStream().write(frame, 0, 1 + random.nextInt(frame.length - 1));
            socket.getOutputStream().flush();
            held.add(socket);
        }
        return held;
    }

    /**
     * How many of the held connections the broker has not closed once they have been idle for twice
     * {@code connections.max.idle.ms} (waiting, bounded, for those that are not that old yet).
     */
    private static int stillOpen(List<Socket> held) {
        int open = 0;
        for (Socket socket : held) {
            try {
                socket.setSoTimeout((int) (2 * IDLE_MS));
                if (socket.getInputStream().read() >= 0) {
                    throw new AssertionError("the broker answered a half frame");
                }
            } catch (java.net.SocketTimeoutException e) {
                open++;
            } catch (IOException reset) {
                // Closed by the broker with a reset: closed all the same.
            }
        }
        return open;
    }

    /** Many connections at once, each with part of a frame; a fresh client is served while they are open. */
    private static int burst(int port, List<byte[]> frames, Random random) throws IOException {
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < BURST_CONNECTIONS; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
                open.add(socket);
                byte[] frame = SocketAttack.sized(frames.get(random.nextInt(frames.size())));
                try {
                    socket.getOutputStream().write(frame, 0, random.nextInt(frame.length));
                } catch (IOException e) {
                    // Closed by the broker already (the frame was bad enough): the burst goes on.
                }
            }
        } finally {
            for (Socket s : open) {
                s.close();
            }
        }
        return open.size();
    }

    /** A fresh connection's ApiVersions is answered without error. */
    private static boolean healthy(int port, int round, List<String> notes) {
        try (RawConnection connection = new RawConnection("127.0.0.1", port)) {
            connection.write(RawConnection.apiVersionsFrame((short) 3, 4242));
            short error = connection.readApiVersions((short) 3, 4242).data().errorCode();
            if (error != Errors.NONE.code()) {
                notes.add("round " + round + ": ApiVersions answered with error " + error);
                return false;
            }
            return true;
        } catch (IOException e) {
            notes.add("round " + round + ": ApiVersions on a fresh connection failed: " + e);
            return false;
        }
    }
}
