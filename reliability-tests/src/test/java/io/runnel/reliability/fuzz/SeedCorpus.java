package io.runnel.reliability.fuzz;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.runnel.broker.EmbeddedBroker;
import io.runnel.broker.testing.DroppingProxy;
import io.runnel.broker.testing.PollingConsumer;
import io.runnel.protocol.ApiKey;
import io.runnel.protocol.message.ProduceRequest;
import io.runnel.protocol.message.RequestHeader;
import io.runnel.protocol.oracle.Direction;
import io.runnel.protocol.oracle.KafkaOracle;
import io.runnel.protocol.oracle.OracleMessage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Writes the seed corpora of {@link RequestFrameFuzzTest} and {@link BatchValidatorFuzzTest}:
 * <ol>
 *   <li>request frames that kafka-clients' producer (idempotent and not, gzip and uncompressed), consumers (both
 *       group protocols) and admin client sent to an embedded broker, recorded by the {@link DroppingProxy} they went through (it never drops unless armed);</li>
 *   <li>for every API and version Runnel reads, one request whose header and body kafka-clients encoded from
 *       random field values (its own schemas), so versions no client session used are seeded too;</li>
 *   <li>the records of every recorded Produce partition, for the batch fuzzer.</li>
 * </ol>
 * Run from the module directory with the test class path (see docs/reliability.md):
 * {@code java -cp ... io.runnel.reliability.fuzz.SeedCorpus src/test/resources}. The output is deterministic for
 * part 2 and close to it for parts 1 and 3 (timestamps, producer ids); it is committed, not regenerated in the build.
 */
public final class SeedCorpus {
    public static final String FRAMES_DIR = "io/runnel/reliability/fuzz/RequestFrameFuzzTestInputs/requestFrames";
    static final String BATCHES_DIR = "io/runnel/reliability/fuzz/BatchValidatorFuzzTestInputs/recordBatches";
    /** Recorded frames kept per API and version: enough variety, a corpus small enough to run in seconds. */
    private static final int RECORDED_PER_VERSION = 4;

    private SeedCorpus() {
    }

    public static void main(String[] args) throws Exception {
        Path resources = Path.of(args[0]);
        Path frames = resources.resolve(FRAMES_DIR);
        Path batches = resources.resolve(BATCHES_DIR);
        Files.createDirectories(frames);
        Files.createDirectories(batches);
        List<byte[]> recorded = record();
        Map<String, Integer> perVersion = new TreeMap<>();
        int produceRecords = 0;
        for (byte[] frame : recorded) {
            ApiKey api = ApiKey.forId(shortAt(frame, 0));
            short version = shortAt(frame, 2);
            String name = api.apiName() + "-v" + version;
            int n = perVersion.merge(name, 1, Integer::sum);
            if (n <= RECORDED_PER_VERSION) {
                Files.write(frames.resolve(name + "-recorded-" + n), frame);
            }
            if (api == ApiKey.PRODUCE) {
                for (byte[] records : produceRecords(frame, api, version)) {
                    Files.write(batches.resolve("produce-" + (++produceRecords)), records);
                }
            }
        }
        int generated = 0;
        for (ApiKey api : ApiKey.values()) {
            for (short v = api.lowestVersion(); v <= api.highestVersion(); v++) {
                Files.write(frames.resolve(api.apiName() + "-v" + v + "-generated"), generatedFrame(api, v));
                generated++;
            }
        }
        System.out.println("recorded " + recorded.size() + " frames (" + perVersion + "), wrote " + generated
                + " generated frames and " + produceRecords + " record sets");
    }

    /** A kafka-clients session through the recorder; returns every request frame it sent. */
    static List<byte[]> record() throws Exception {
        try (DroppingProxy recorder = new DroppingProxy();
             EmbeddedBroker broker = EmbeddedBroker.start(Map.of("group.initial.rebalance.delay.ms", "0",
                     "group.consumer.heartbeat.interval.ms", "100", "group.min.session.timeout.ms", "500",
                     // Clients are told to come back through the recorder, not straight to the broker.
                     "advertised.listeners", "PLAINTEXT://127.0.0.1:" + recorder.port()))) {
            recorder.target(broker.port());
            recorder.recordRequests();
            String bootstrap = "127.0.0.1:" + recorder.port();
            Properties adminProps = new Properties();
            adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            try (Admin admin = Admin.create(adminProps)) {
                admin.createTopics(List.of(new NewTopic("seed-a", 2, (short) 1), new NewTopic("seed-b", 1, (short) 1)))
                        .all().get(30, TimeUnit.SECONDS);
                admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
                ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "seed-a");
                admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(
                        new ConfigEntry("retention.ms", "86400000"), AlterConfigOp.OpType.SET))))
                        .all().get(30, TimeUnit.SECONDS);
                admin.createPartitions(Map.of("seed-b", NewPartitions.increaseTo(2))).all().get(30, TimeUnit.SECONDS);

                produce(bootstrap, Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                        ProducerConfig.ACKS_CONFIG, "all"));
                produce(bootstrap, Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false",
                        ProducerConfig.ACKS_CONFIG, "1", ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip"));
                consume(bootstrap, "seed-classic", "classic");
                consume(bootstrap, "seed-consumer", "consumer");

                TopicPartition a0 = new TopicPartition("seed-a", 0);
                admin.listOffsets(Map.of(a0, OffsetSpec.latest())).all().get(30, TimeUnit.SECONDS);
                admin.listOffsets(Map.of(a0, OffsetSpec.forTimestamp(0))).all().get(30, TimeUnit.SECONDS);
                admin.listGroups().all().get(30, TimeUnit.SECONDS);
                admin.describeConsumerGroups(List.of("seed-classic", "seed-consumer")).all().get(30, TimeUnit.SECONDS);
                admin.listConsumerGroupOffsets("seed-classic").partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS);
                admin.deleteConsumerGroupOffsets("seed-classic", Set.of(a0)).all().get(30, TimeUnit.SECONDS);
                admin.deleteConsumerGroups(List.of("seed-classic")).all().get(30, TimeUnit.SECONDS);
                admin.deleteTopics(List.of("seed-b")).all().get(30, TimeUnit.SECONDS);
            }
            return recorder.requests();
        }
    }

    private static void produce(String bootstrap, Map<String, String> settings) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.putAll(settings);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < 40; i++) {
                ProducerRecord<String, String> record = new ProducerRecord<>(i % 3 == 0 ? "seed-b" : "seed-a",
                        i % 2 == 0 ? null : "key-" + i, "value-" + i + "-" + "x".repeat(i));
                if (i % 5 == 0) {
                    record.headers().add("h" + i, ("header-" + i).getBytes(StandardCharsets.UTF_8));
                }
                producer.send(record);
                if (i % 10 == 9) {
                    producer.flush();
                }
            }
            producer.flush();
        }
    }

    private static void consume(String bootstrap, String group, String protocol) {
        try (PollingConsumer consumer = PollingConsumer.start(bootstrap, group, protocol, List.of("seed-a", "seed-b"),
                true, Map.of())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> consumer.received().size() >= 80);
        }
    }

    /** One frame: a random body from Kafka's schema for this API and version, behind a kafka-clients header. */
    static byte[] generatedFrame(ApiKey api, short version) {
        long seed = api.id() * 1000L + version;
        OracleMessage body = OracleMessage.random(KafkaOracle.type(api.id()), Direction.REQUEST, version, seed);
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(api.id()).setRequestApiVersion(version)
                .setCorrelationId((int) seed).setClientId("seed-" + api.apiName());
        byte[] head = KafkaOracle.write(header, api.requestHeaderVersion(version));
        byte[] frame = new byte[head.length + body.canonical().length];
        System.arraycopy(head, 0, frame, 0, head.length);
        System.arraycopy(body.canonical(), 0, frame, head.length, body.canonical().length);
        return frame;
    }

    private static List<byte[]> produceRecords(byte[] frame, ApiKey api, short version) {
        ByteBuf in = Unpooled.wrappedBuffer(frame);
        try {
            RequestHeader.read(in, api.requestHeaderVersion(version));
            ProduceRequest request = (ProduceRequest) api.readRequest(in, version);
            List<byte[]> all = new ArrayList<>();
            for (ProduceRequest.TopicProduceData topic : request.topicData()) {
                for (ProduceRequest.PartitionProduceData partition : topic.partitionData()) {
                    if (partition.records() != null) {
                        all.add(ByteBufUtil.getBytes(partition.records()));
                    }
                }
            }
            return all;
        } finally {
            in.release();
        }
    }

    static short shortAt(byte[] b, int i) {
        return (short) (((b[i] & 0xff) << 8) | (b[i + 1] & 0xff));
    }

    /** Reads every file of a corpus directory on the test class path, by file name. */
    public static Map<String, byte[]> load(String resourceDir) throws IOException {
        java.net.URL url = SeedCorpus.class.getClassLoader().getResource(resourceDir);
        if (url == null) {
            throw new IOException("no corpus directory " + resourceDir + " on the class path");
        }
        Map<String, byte[]> files = new TreeMap<>();
        try (var stream = Files.list(Path.of(java.net.URI.create(url.toString())))) {
            for (Path p : (Iterable<Path>) stream::iterator) {
                files.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }
}
