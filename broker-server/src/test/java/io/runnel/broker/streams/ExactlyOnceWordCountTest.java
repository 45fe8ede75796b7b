package io.runnel.broker.streams;

import io.runnel.broker.EmbeddedBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kafka Streams (kafka-streams 4.4) with {@code processing.guarantee=exactly_once_v2} against the broker: a word count
 * through a repartition topic and a changelogged store, whose stream thread dies half-way (a processing error the
 * uncaught-exception handler answers with REPLACE_THREAD). Its open transaction is aborted and the new thread
 * resumes from the committed offsets, so the last count of every word in the output, read committed, is exact.
 */
class ExactlyOnceWordCountTest {
    private static final String INPUT = "wc-lines";
    private static final String OUTPUT = "wc-counts";
    private static final List<String> WORDS = List.of("alpha", "beta", "gamma", "delta", "epsilon", "zeta");
    private static final int LINES = 300;

    @Test
    void countsAreExactEvenWhenTheStreamThreadIsKilledAndReplaced(@TempDir Path stateDir) throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.builder().config("group.initial.rebalance.delay.ms", "0")
                .start()) {
            broker.broker().logs().createTopic(INPUT, 3, Map.of());
            broker.broker().logs().createTopic(OUTPUT, 3, Map.of());
            Map<String, Long> expected = new TreeMap<>();
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < LINES; i++) {
                StringBuilder line = new StringBuilder();
                for (int w = 0; w <= i % 4; w++) {
                    String word = WORDS.get((i * 7 + w * 3) % WORDS.size());
                    line.append(word).append(' ');
                    expected.merge(word, 1L, Long::sum);
                }
                lines.add(line.toString().trim());
            }
            AtomicInteger processed = new AtomicInteger();
            AtomicBoolean crashed = new AtomicBoolean();
            AtomicInteger replaced = new AtomicInteger();
            StreamsBuilder builder = new StreamsBuilder();
            builder.stream(INPUT, Consumed.with(Serdes.String(), Serdes.String()))
                    .peek((k, v) -> {
                        // Half-way, once: the thread dies mid-transaction, with output already sent in it.
                        if (processed.incrementAndGet() == LINES / 2 && crashed.compareAndSet(false, true)) {
                            throw new IllegalStateException("injected failure of the stream thread");
                        }
                    })
                    .flatMapValues(v -> Arrays.asList(v.toLowerCase(Locale.ROOT).split(" ")))
                    .groupBy((k, word) -> word, Grouped.with(Serdes.String(), Serdes.String()))
                    .count(Materialized.<String, Long>as(Stores.inMemoryKeyValueStore("word-counts"))
                            .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()))
                    .toStream()
                    .to(OUTPUT, Produced.with(Serdes.String(), Serdes.Long()));
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "word-count-eos");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
            props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
            props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
            // The dead thread does not leave the group: its member goes when its session times out.
            props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 4000);
            props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1000);
            try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
                streams.setUncaughtExceptionHandler(e -> {
                    replaced.incrementAndGet();
                    return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
                });
                streams.start();
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                        broker.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
                    for (int i = 0; i < LINES; i++) {
                        producer.send(new ProducerRecord<>(INPUT, "line-" + i, lines.get(i)));
                    }
                    producer.flush();
                }
                await().atMost(Duration.ofSeconds(120)).until(() -> expected.equals(lastCounts(broker)));
                streams.close(Duration.ofSeconds(30));
            }
            assertTrue(crashed.get(), "the failure was injected");
            assertEquals(1, replaced.get(), "the stream thread was replaced once");
            assertEquals(expected, lastCounts(broker));
        }
    }

    /** The last count of every word in the output topic, read committed. */
    private static Map<String, Long> lastCounts(EmbeddedBroker broker) {
        Map<String, Long> counts = new TreeMap<>();
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, Long> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new LongDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < 3; p++) {
                partitions.add(new TopicPartition(OUTPUT, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Long> r : consumer.poll(Duration.ofMillis(100))) {
                    counts.put(r.key(), r.value());
                }
                boolean done = true;
                for (TopicPartition tp : partitions) {
                    done &= consumer.position(tp) >= ends.get(tp);
                }
                if (done) {
                    break;
                }
            }
        }
        return counts;
    }
}
