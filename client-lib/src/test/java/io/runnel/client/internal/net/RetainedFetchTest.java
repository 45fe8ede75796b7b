package io.runnel.client.internal.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.runnel.broker.EmbeddedBroker;
import io.runnel.client.internal.compression.Codecs;
import io.runnel.protocol.message.FetchRequest;
import io.runnel.protocol.message.FetchResponse;
import io.runnel.protocol.record.RecordBatch;
import io.runnel.protocol.record.RecordReader;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A Fetch whose records are read straight out of the response frame ({@link ClientNetwork#sendRetained}), and the
 * same Fetch through {@link ClientNetwork#send}, which copies: both decode the zstd batch kafka-clients wrote.
 */
class RetainedFetchTest {
    private static FetchRequest fetch(String topic) {
        return new FetchRequest().maxWaitMs(0).minBytes(1).maxBytes(1 << 20).topics(List.of(
                new FetchRequest.FetchTopic().topic(topic).partitions(List.of(new FetchRequest.FetchPartition()
                        .partition(0).fetchOffset(0).partitionMaxBytes(1 << 20)))));
    }

    private static List<String> values(ByteBuf records) {
        List<String> values = new ArrayList<>();
        RecordBatch batch = new RecordBatch();
        try (RecordReader reader = new RecordReader(PooledByteBufAllocator.DEFAULT, 1 << 20, Codecs::forId)) {
            int at = records.readerIndex();
            while (at < records.writerIndex()) {
                batch.wrap(records, at);
                reader.reset(batch);
                while (reader.hasNext()) {
                    values.add(reader.next().value().toString(StandardCharsets.UTF_8));
                }
                at += RecordBatch.sizeAt(records, at);
            }
        }
        return values;
    }

    @Test
    void recordsAreReadFromTheRetainedFrameAndFromACopy() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start()) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
                for (int i = 0; i < 3; i++) {
                    producer.send(new ProducerRecord<>("fetched", 0, null, "v" + i));
                }
                producer.flush();
            }
            try (ClientNetwork network = new ClientNetwork(ClientNetworkConfig.builder(broker.bootstrapServers())
                    .clientId("fetch-test").requestTimeout(Duration.ofSeconds(20)).build())) {
                try (ResponseFrame<FetchResponse> frame = network.<FetchResponse>sendRetained(-1, fetch("fetched"),
                        (short) 12, 20_000).get(30, TimeUnit.SECONDS)) {
                    FetchResponse.PartitionData partition = frame.message().responses().get(0).partitions().get(0);
                    assertEquals(3, partition.highWatermark());
                    assertEquals(List.of("v0", "v1", "v2"), values(partition.records()));
                }
                FetchResponse copied = network.<FetchResponse>send(-1, fetch("fetched"), (short) 12)
                        .get(30, TimeUnit.SECONDS);
                ByteBuf records = copied.responses().get(0).partitions().get(0).records();
                assertEquals(List.of("v0", "v1", "v2"), values(records));
            }
        }
    }
}
