package io.runnel.broker.metrics;

import io.runnel.broker.EmbeddedBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.zip.GZIPInputStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /metrics} of a running broker, parsed strictly ({@link PrometheusText}), against traffic this test made:
 * records and bytes per topic, partition offsets, and a group's lag per partition and in total before and after
 * it commits everything.
 */
class MetricsEndpointTest {
    private static final String TOPIC = "metered";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static EmbeddedBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedBroker.start();
        broker.broker().logs().createTopic(TOPIC, 2, Map.of());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(TOPIC, 0, "k" + i, "value-" + i)).get();
            }
            for (int i = 0; i < 6; i++) {
                producer.send(new ProducerRecord<>(TOPIC, 1, "k" + i, "value-" + i)).get();
            }
        }
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static void commit(String group, long p0, long p1) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group), new StringDeserializer(), new StringDeserializer())) {
            consumer.commitSync(Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(p0),
                    new TopicPartition(TOPIC, 1), new OffsetAndMetadata(p1)));
        }
    }

    static HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(broker.httpUrl() + path))
                .timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static PrometheusText scrape(String query) throws Exception {
        HttpResponse<byte[]> response = get("/metrics" + query);
        assertEquals(200, response.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", response.headers().firstValue("content-type")
                .orElseThrow());
        return PrometheusText.parse(new String(response.body(), StandardCharsets.UTF_8));
    }

    @Test
    void countsRecordsAndBytesProducedPerTopic() throws Exception {
        PrometheusText metrics = scrape("");
        assertEquals(16, metrics.value("runnel_topic_in_records_total", "topic", TOPIC));
        assertTrue(metrics.value("runnel_topic_in_bytes_total", "topic", TOPIC) > 16 * "value-0".length());
        assertEquals(10, metrics.value("runnel_partition_log_end_offset", "topic", TOPIC, "partition", "0"));
        assertEquals(6, metrics.value("runnel_partition_log_end_offset", "topic", TOPIC, "partition", "1"));
        assertEquals(0, metrics.value("runnel_partition_log_start_offset", "topic", TOPIC, "partition", "0"));
        assertEquals(16, metrics.value("runnel_topic_records", "topic", TOPIC));
        assertEquals(2, metrics.value("runnel_topic_partitions", "topic", TOPIC));
        assertEquals(1, metrics.value("runnel_partition_segments", "topic", TOPIC, "partition", "0"));
        assertTrue(metrics.value("runnel_requests_total", "api", "Produce") >= 16);
        assertTrue(metrics.value("runnel_request_duration_seconds_count", "api", "Produce") >= 16);
        assertEquals("histogram", metrics.type("runnel_request_duration_seconds"));
        assertTrue(metrics.value("runnel_disk_free_bytes") > 0);
        assertTrue(metrics.value("runnel_connections_accepted_total") >= 1);
        assertTrue(metrics.value("runnel_log_flush_duration_seconds_count") >= 1, "acks=all appends were fsynced");
        assertTrue(metrics.value("runnel_log_flush_records_sum") >= 1);
        assertFalse(metrics.find("jvm_memory_used_bytes").isEmpty(), "JVM metrics are exposed");
    }

    @Test
    void countsErrorCodesPerApi() throws Exception {
        double before = scrape("").find("runnel_request_errors_total", "api", "CreateTopics",
                "error", "TOPIC_ALREADY_EXISTS").stream().mapToDouble(PrometheusText.Sample::value).sum();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            ExecutionException exists = assertThrows(ExecutionException.class,
                    () -> admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get());
            assertInstanceOf(TopicExistsException.class, exists.getCause());
        }
        assertEquals(before + 1, scrape("").value("runnel_request_errors_total", "api", "CreateTopics",
                "error", "TOPIC_ALREADY_EXISTS"));
    }

    @Test
    void groupLagPerPartitionAndInTotalFollowsCommits() throws Exception {
        commit("half-read", 4, 6);
        PrometheusText metrics = scrape("");
        assertEquals(4, metrics.value("runnel_group_committed_offset", "group", "half-read", "partition", "0"));
        assertEquals(6, metrics.value("runnel_group_lag", "group", "half-read", "topic", TOPIC, "partition", "0"));
        assertEquals(0, metrics.value("runnel_group_lag", "group", "half-read", "topic", TOPIC, "partition", "1"));
        assertEquals(6, metrics.value("runnel_group_lag_sum", "group", "half-read"));
        assertEquals(6, metrics.value("runnel_group_lag_max", "group", "half-read"));
        assertTrue(metrics.value("runnel_group_lag_seconds", "group", "half-read", "partition", "0") >= 0);
        assertEquals(0, metrics.value("runnel_group_lag_seconds", "group", "half-read", "partition", "1"));
        assertEquals(0, metrics.value("runnel_group_members", "group", "half-read"));
        assertEquals(1, metrics.value("runnel_group_info", "group", "half-read", "state", "Empty"));

        commit("half-read", 10, 6);
        metrics = scrape("");
        assertEquals(0, metrics.value("runnel_group_lag", "group", "half-read", "topic", TOPIC, "partition", "0"));
        assertEquals(0, metrics.value("runnel_group_lag_sum", "group", "half-read"));
        assertEquals(0, metrics.value("runnel_group_lag_max", "group", "half-read"));
        assertEquals(0, metrics.value("runnel_group_lag_seconds_max", "group", "half-read"));
    }

    @Test
    void partitionSeriesCanBeLeftOutAndFamiliesPicked() throws Exception {
        commit("few-series", 1, 1);
        PrometheusText metrics = scrape("?partition_series=false");
        assertTrue(metrics.find("runnel_partition_log_end_offset").isEmpty());
        assertTrue(metrics.find("runnel_group_lag").isEmpty());
        assertEquals(14, metrics.value("runnel_group_lag_sum", "group", "few-series"));
        assertEquals(16, metrics.value("runnel_topic_records", "topic", TOPIC));

        PrometheusText picked = scrape("?name[]=runnel_topic_records&name[]=runnel_disk_total_bytes");
        assertEquals(List.of("runnel_disk_total_bytes", "runnel_topic_records"),
                picked.samples().stream().map(PrometheusText.Sample::name).distinct().sorted().toList());
    }

    @Test
    void speaksOpenMetricsWhenAskedAndGzipsWhenAccepted() throws Exception {
        HttpResponse<byte[]> open = get("/metrics", "Accept", "application/openmetrics-text; version=1.0.0");
        assertTrue(open.headers().firstValue("content-type").orElseThrow().startsWith("application/openmetrics-text"));
        String body = new String(open.body(), StandardCharsets.UTF_8);
        assertTrue(body.endsWith("# EOF\n"), body.substring(Math.max(0, body.length() - 100)));

        HttpResponse<byte[]> zipped = get("/metrics", "Accept-Encoding", "gzip");
        assertEquals("gzip", zipped.headers().firstValue("content-encoding").orElseThrow());
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
            PrometheusText metrics = PrometheusText.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(16, metrics.value("runnel_topic_in_records_total", "topic", TOPIC));
        }
    }

    @Test
    void countsRebalancesPerGroupByReason() throws Exception {
        // KIP-848: each member joining or leaving moves the group to a new epoch, one rebalance each.
        String group = "rebalanced-consumer";
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(100));
                return consumer.assignment().size() == 2;
            });
            PrometheusText joined = scrape("");
            assertEquals(1, joined.value("runnel_group_rebalances_total", "group", group, "reason", "member_joined"));
            assertTrue(joined.find("runnel_group_rebalances_total", "group", group, "reason", "member_left").isEmpty());
        }
        PrometheusText left = scrape("");
        assertEquals(1, left.value("runnel_group_rebalances_total", "group", group, "reason", "member_left"));
        assertEquals(1, left.value("runnel_group_rebalances_total", "group", group, "reason", "member_joined"));

        // Classic: the first member's join starts a rebalance; its LeaveGroup from a stable group another.
        String classic = "rebalanced-classic";
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, classic, ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(100));
                return consumer.assignment().size() == 2;
            });
            assertEquals(1, scrape("").value("runnel_group_rebalances_total", "group", classic, "reason",
                    "member_joined"));
        }
        assertEquals(1, scrape("").value("runnel_group_rebalances_total", "group", classic, "reason", "member_left"));
    }

    @Test
    void countsRecordsFetchedFromTheOffsetAskedFor() throws Exception {
        String topic = "metered-out";
        broker.broker().logs().createTopic(topic, 1, Map.of());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 7; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k" + i, "value-" + i));
            }
            producer.flush();
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringDeserializer(), new StringDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seek(tp, 2);
            List<String> values = new java.util.ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> values.add(r.value()));
                return values.size() >= 5;
            });
            assertEquals(List.of("value-2", "value-3", "value-4", "value-5", "value-6"), values);
        }
        PrometheusText metrics = scrape("");
        // The batch holding offsets 0 and 1 may go out whole, but only what follows the fetch offset counts.
        assertEquals(5, metrics.value("runnel_topic_out_records_total", "topic", topic));
        assertTrue(metrics.value("runnel_topic_out_bytes_total", "topic", topic) > 5 * "value-0".length());
    }
}
