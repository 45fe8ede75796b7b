package io.runnel.broker.http;

import io.runnel.broker.EmbeddedBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON API, /health and /ready, against a running broker with traffic this test made. */
class HttpApiTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static EmbeddedBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedBroker.start();
        broker.broker().logs().createTopic("orders", 2, Map.of("retention.ms", "86400000"));
        broker.broker().logs().createTopic("tailed", 1, Map.of());
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i < 20; i++) {
                ProducerRecord<String, String> r = new ProducerRecord<>("orders", i % 2, 1_700_000_000_000L + i,
                        "order-" + i, i == 7 ? "{\"item\":\"needle\",\"n\":7}" : "{\"item\":\"hay\",\"n\":" + i + "}");
                r.headers().add("source", ("shop-" + (i % 3)).getBytes(StandardCharsets.UTF_8));
                producer.send(r).get();
            }
        }
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new StringSerializer());
    }

    private static HttpResponse<String> send(String method, String path, String body, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(broker.httpUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("content-type").orElseThrow().startsWith("application/json"));
        return (Map<String, Object>) JsonParser.parse(response.body());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> json, String field) {
        return (List<Map<String, Object>>) json.get(field);
    }

    private static String text(Object base64) {
        return new String(Base64.getDecoder().decode((String) base64), StandardCharsets.UTF_8);
    }

    @Test
    void healthAndReadinessAnswer() throws Exception {
        HttpResponse<String> health = send("GET", "/health", null);
        assertEquals(200, health.statusCode());
        assertEquals("ok\n", health.body());
        HttpResponse<String> ready = send("GET", "/ready", null);
        assertEquals(200, ready.statusCode());
        assertEquals("ready\n", ready.body());
    }

    @Test
    void unknownPathsAndMethodsAndForeignOriginsAreRefused() throws Exception {
        assertEquals(404, send("GET", "/api/v1/nothing", null).statusCode());
        assertEquals(405, send("PUT", "/api/v1/topics", "{}").statusCode());
        HttpResponse<String> foreign = send("POST", "/api/v1/topics", "{\"name\":\"evil\"}",
                "Origin", "http://attacker.example");
        assertEquals(403, foreign.statusCode());
        assertNull(broker.broker().logs().registry().get("evil"));
        assertEquals(404, send("GET", "/api/v1/topics/missing", null).statusCode());
        assertEquals(400, send("POST", "/api/v1/topics", "{\"name\":").statusCode());
    }

    @Test
    void overviewCountsTopicsAndTraffic() throws Exception {
        Map<String, Object> b = json(send("GET", "/api/v1/broker", null), 200);
        assertEquals(1L, b.get("nodeId"));
        assertEquals(broker.bootstrapServers(), ((Map<?, ?>) b.get("listeners")).get("kafka"));
        assertEquals(broker.httpUrl().substring("http://".length()), ((Map<?, ?>) b.get("listeners")).get("http"));
        assertTrue((Long) ((Map<?, ?>) b.get("traffic")).get("recordsIn") >= 20);
        assertTrue((Long) ((Map<?, ?>) b.get("disk")).get("dataBytes") > 0);
    }

    @Test
    void listsTopicsAndShowsPartitionsAndConfigs() throws Exception {
        Map<String, Object> topics = json(send("GET", "/api/v1/topics", null), 200);
        Map<String, Object> orders = list(topics, "topics").stream().filter(t -> t.get("name").equals("orders"))
                .findFirst().orElseThrow();
        assertEquals(2L, orders.get("partitions"));
        assertEquals(20L, orders.get("records"));

        Map<String, Object> topic = json(send("GET", "/api/v1/topics/orders", null), 200);
        List<Map<String, Object>> partitions = list(topic, "partitions");
        assertEquals(List.of(0L, 1L), partitions.stream().map(p -> p.get("partition")).toList());
        assertEquals(10L, partitions.get(0).get("latest"));
        assertEquals(0L, partitions.get(0).get("earliest"));
        Map<String, Object> retention = list(topic, "configs").stream()
                .filter(c -> c.get("name").equals("retention.ms")).findFirst().orElseThrow();
        assertEquals("86400000", retention.get("value"));
        assertEquals(true, retention.get("override"));
    }

    @Test
    void createsAndDeletesTopics() throws Exception {
        Map<String, Object> created = json(send("POST", "/api/v1/topics",
                "{\"name\":\"made-by-http\",\"partitions\":3,\"configs\":{\"cleanup.policy\":\"compact\"}}"), 201);
        assertEquals(3L, created.get("partitions"));
        assertEquals(3, broker.broker().logs().registry().get("made-by-http").partitionCount());
        assertEquals("compact", broker.broker().logs().registry().get("made-by-http").configs().get("cleanup.policy"));
        assertEquals(409, send("POST", "/api/v1/topics", "{\"name\":\"made-by-http\"}").statusCode());
        assertEquals(400, send("POST", "/api/v1/topics", "{\"name\":\"bad name!\"}").statusCode());

        json(send("DELETE", "/api/v1/topics/made-by-http", null), 200);
        assertNull(broker.broker().logs().registry().get("made-by-http"));
        assertEquals(404, send("DELETE", "/api/v1/topics/made-by-http", null).statusCode());
    }

    @Test
    void browsesNewestOldestAndFromAnOffset() throws Exception {
        Map<String, Object> newest = json(send("GET", "/api/v1/topics/orders/messages?partition=0&limit=3", null),
                200);
        List<Map<String, Object>> messages = list(newest, "messages");
        assertEquals(List.of(9L, 8L, 7L), messages.stream().map(m -> m.get("offset")).toList());
        assertEquals("order-18", text(messages.get(0).get("key")));
        assertEquals("{\"item\":\"hay\",\"n\":18}", text(messages.get(0).get("value")));
        Map<String, Object> header = list(messages.get(0), "headers").get(0);
        assertEquals("source", header.get("key"));
        assertEquals("shop-0", text(header.get("value")));
        assertEquals(1_700_000_000_018L, messages.get(0).get("timestamp"));

        Map<String, Object> fromOffset = json(send("GET",
                "/api/v1/topics/orders/messages?partition=1&from=offset&offset=5&limit=100", null), 200);
        assertEquals(List.of(5L, 6L, 7L, 8L, 9L),
                list(fromOffset, "messages").stream().map(m -> m.get("offset")).toList());

        Map<String, Object> all = json(send("GET", "/api/v1/topics/orders/messages?from=oldest&limit=4", null), 200);
        assertEquals(List.of("order-0", "order-1", "order-2", "order-3"),
                list(all, "messages").stream().map(m -> text(m.get("key"))).toList());
        Map<String, Object> scan = (Map<String, Object>) all.get("scan");
        assertTrue((Long) scan.get("bytes") > 0);

        Map<String, Object> fromTime = json(send("GET", "/api/v1/topics/orders/messages?from=timestamp&timestamp="
                + (1_700_000_000_000L + 15) + "&limit=100", null), 200);
        assertEquals(List.of("order-15", "order-16", "order-17", "order-18", "order-19"),
                list(fromTime, "messages").stream().map(m -> text(m.get("key"))).toList());
    }

    @Test
    void searchesKeysValuesAndHeadersWithinABudget() throws Exception {
        Map<String, Object> found = json(send("GET", "/api/v1/topics/orders/search?q=needle", null), 200);
        List<Map<String, Object>> messages = list(found, "messages");
        assertEquals(1, messages.size());
        assertEquals("order-7", text(messages.get(0).get("key")));
        assertEquals(1L, messages.get(0).get("partition"));
        assertEquals("END", ((Map<?, ?>) found.get("scan")).get("stopped"));
        assertEquals(20L, ((Map<?, ?>) found.get("scan")).get("records"));

        Map<String, Object> byHeader = json(send("GET", "/api/v1/topics/orders/search?q=shop-2&in=headers", null),
                200);
        assertEquals(List.of("order-2", "order-8", "order-14", "order-5", "order-11", "order-17"),
                list(byHeader, "messages").stream().map(m -> text(m.get("key"))).toList());
        Map<String, Object> notInKeys = json(send("GET", "/api/v1/topics/orders/search?q=needle&in=key", null), 200);
        assertTrue(list(notInKeys, "messages").isEmpty());

        // A one-byte budget reads one chunk of the first partition and says it stopped on the budget.
        Map<String, Object> budgeted = json(send("GET", "/api/v1/topics/orders/search?q=zzz&maxBytes=1", null), 200);
        Map<?, ?> scan = (Map<?, ?>) budgeted.get("scan");
        assertEquals("BYTES", scan.get("stopped"));
        assertEquals(1L, scan.get("budgetBytes"));
        assertEquals(400, send("GET", "/api/v1/topics/orders/search?q=x&maxBytes=999999999999", null).statusCode());
    }

    @Test
    void tailsNewRecordsAsServerSentEvents() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(broker.httpUrl() + "/api/v1/topics/tailed/tail"))
                .timeout(Duration.ofSeconds(30)).build();
        HttpResponse<InputStream> stream = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        assertEquals("text/event-stream; charset=utf-8", stream.headers().firstValue("content-type").orElseThrow());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            assertTrue(lines.readLine().startsWith(": tailing tailed"));
            try (KafkaProducer<String, String> producer = producer()) {
                producer.send(new ProducerRecord<>("tailed", 0, "tailed-key", "tailed-value")).get();
            }
            CompletableFuture<String> data = CompletableFuture.supplyAsync(() -> {
                try {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        if (line.startsWith("data: ")) {
                            return line.substring(6);
                        }
                    }
                    return null;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Map<?, ?> record = (Map<?, ?>) JsonParser.parse(data.get(20, TimeUnit.SECONDS));
            assertEquals("tailed-key", text(record.get("key")));
            assertEquals("tailed-value", text(record.get("value")));
            assertEquals(0L, record.get("partition"));
        }
    }

    @Test
    void showsGroupLagAndResetsOffsetsOnlyWhenEmpty() throws Exception {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "billing"), new StringDeserializer(), new StringDeserializer())) {
            consumer.commitSync(Map.of(new TopicPartition("orders", 0), new OffsetAndMetadata(3),
                    new TopicPartition("orders", 1), new OffsetAndMetadata(10)));
        }
        Map<String, Object> groups = json(send("GET", "/api/v1/groups", null), 200);
        Map<String, Object> billing = list(groups, "groups").stream().filter(g -> g.get("groupId").equals("billing"))
                .findFirst().orElseThrow();
        assertEquals("Empty", billing.get("state"));
        long before = (Long) json(send("GET", "/api/v1/groups/billing", null), 200).get("lag");
        assertTrue(before >= 7, "partition 0 has at least 10 records, 3 committed: lag " + before);

        Map<String, Object> dryRun = json(send("POST", "/api/v1/groups/billing/offsets/reset",
                "{\"topic\":\"orders\",\"to\":\"earliest\"}"), 200);
        assertEquals(true, dryRun.get("dryRun"));
        assertEquals(List.of(3L, 10L), list(dryRun, "partitions").stream().map(p -> p.get("current")).toList());
        assertEquals(List.of(0L, 0L), list(dryRun, "partitions").stream().map(p -> p.get("target")).toList());
        assertEquals(before, json(send("GET", "/api/v1/groups/billing", null), 200).get("lag"), "a dry run changes nothing");

        Map<String, Object> done = json(send("POST", "/api/v1/groups/billing/offsets/reset",
                "{\"topic\":\"orders\",\"to\":\"latest\",\"dryRun\":false}"), 200);
        assertEquals(List.of(false), list(done, "partitions").stream().map(p -> p.get("error") != null).distinct()
                .toList());
        Map<String, Object> after = json(send("GET", "/api/v1/groups/billing", null), 200);
        assertEquals(0L, after.get("lag"));
        List<Long> committed = new ArrayList<>();
        for (Map<String, Object> o : list(after, "offsets")) {
            committed.add((Long) o.get("committed"));
            assertEquals(o.get("logEnd"), o.get("committed"));
        }
        assertFalse(committed.isEmpty());
        assertEquals(404, send("GET", "/api/v1/groups/nobody", null).statusCode());
    }

    @Test
    void refusesToResetAGroupThatHasMembers() throws Exception {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "live-readers",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of("orders"));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100));
                return consumer.assignment().size() == 2;
            });
            Map<String, Object> group = json(send("GET", "/api/v1/groups/live-readers", null), 200);
            assertEquals(1, list(group, "members").size());
            assertEquals(2, list(list(group, "members").get(0), "partitions").size());
            assertEquals(200, send("POST", "/api/v1/groups/live-readers/offsets/reset",
                    "{\"topic\":\"orders\",\"to\":\"earliest\"}").statusCode());
            HttpResponse<String> refused = send("POST", "/api/v1/groups/live-readers/offsets/reset",
                    "{\"topic\":\"orders\",\"to\":\"earliest\",\"dryRun\":false}");
            assertEquals(409, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("stop its consumers"), refused.body());
        }
    }

    @Test
    void servesTheConsoleFromTheJarWithAStrictPolicy() throws Exception {
        HttpResponse<String> page = send("GET", "/", null);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<script src=\"/console/app.js\" defer></script>"));
        assertTrue(page.headers().firstValue("content-security-policy").orElseThrow().contains("script-src 'self'"));
        String etag = page.headers().firstValue("etag").orElseThrow();
        assertEquals(304, send("GET", "/", null, "If-None-Match", etag).statusCode());
        assertEquals(200, send("GET", "/console/app.js", null).statusCode());
        assertEquals(404, send("GET", "/console/missing.js", null).statusCode());
    }
}
