package io.runnel.broker.fetch;

import static io.runnel.broker.fetch.FetchTestSupport.append;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.FileRegion;
import io.runnel.broker.log.LogManager;
import io.runnel.broker.log.LogManagerConfig;
import io.runnel.broker.network.ResponseOutput;
import io.runnel.broker.topic.TopicInfo;
import io.runnel.broker.topic.TopicPartition;
import io.runnel.protocol.message.FetchRequest;
import io.runnel.protocol.message.FetchResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The hand-written Fetch response layout equals the generated encoder's at every version, both when it copies
 * the records and when it hands them over as file regions; and every region is released.
 */
class FetchResponseBodyTest {
    @TempDir
    Path dir;
    private LogManager logs;
    private TopicInfo topic;

    @BeforeEach
    void open() {
        logs = LogManager.open(LogManagerConfig.defaults(dir));
        topic = logs.createTopic("body", 3, Map.of());
        append(logs.log(new TopicPartition("body", 0)), "a", 3, 50, 1_000);
        append(logs.log(new TopicPartition("body", 0)), "b", 2, 50, 2_000);
        append(logs.log(new TopicPartition("body", 2)), "c", 1, 70, 3_000);
    }

    @AfterEach
    void close() {
        logs.close();
    }

    private FetchRequest request(short version, boolean readCommitted) {
        List<FetchRequest.FetchPartition> partitions = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            partitions.add(new FetchRequest.FetchPartition().partition(p).fetchOffset(p == 0 ? 1 : 0)
                    .partitionMaxBytes(1 << 20));
        }
        List<FetchRequest.FetchTopic> topics = new ArrayList<>();
        topics.add(new FetchRequest.FetchTopic().topic(topic.name()).topicId(topic.id()).partitions(partitions));
        topics.add(new FetchRequest.FetchTopic().topic("missing").topicId(UUID.randomUUID()).partitions(
                new ArrayList<>(List.of(new FetchRequest.FetchPartition().partition(0).partitionMaxBytes(100)))));
        return new FetchRequest().maxBytes(1 << 20).isolationLevel((byte) (readCommitted ? 1 : 0)).topics(topics);
    }

    @ParameterizedTest(name = "v{0}")
    @ValueSource(shorts = {4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17})
    void zeroCopyAndCopiedEncodingsEqualTheGeneratedOne(short version) {
        for (boolean readCommitted : new boolean[] {false, true}) {
            FetchPlan plan = FetchPlan.resolve(request(version, readCommitted), version, logs.registry(),
                    TopicReadAccess.ALL);
            FetchResponseBody body = new FetchReader(logs).read(plan);
            ByteBuf copied = Unpooled.buffer();
            ByteBuf zeroCopy = Unpooled.buffer();
            ByteBuf generated = Unpooled.buffer();
            try {
                assertTrue(body.recordBytes() > 0);
                body.write(copied, version);
                RegionCollector collector = new RegionCollector(zeroCopy);
                body.writeTo(collector, version);
                assertEquals(2, collector.regions, "one region per partition with data");
                generated(plan, body, readCommitted).write(generated, version);
                assertEquals(ByteBufUtil.hexDump(generated), ByteBufUtil.hexDump(copied), "copied, v" + version);
                assertEquals(ByteBufUtil.hexDump(generated), ByteBufUtil.hexDump(zeroCopy), "zero copy, v" + version);
                FetchResponse decoded = FetchResponse.read(copied.duplicate(), version);
                assertEquals(2, decoded.responses().size());
            } finally {
                body.release();
                copied.release();
                zeroCopy.release();
                generated.release();
            }
        }
    }

    /** The same response through the generated message, records copied in. */
    private static FetchResponse generated(FetchPlan plan, FetchResponseBody body, boolean readCommitted) {
        List<FetchResponse.FetchableTopicResponse> topics = new ArrayList<>();
        int i = 0;
        for (FetchPlan.Topic t : plan.topics()) {
            List<FetchResponse.PartitionData> partitions = new ArrayList<>();
            for (FetchPlan.Partition p : t.partitions()) {
                PartitionRead read = body.read(i++);
                ByteBuf records = Unpooled.buffer();
                read.records().readInto(records);
                partitions.add(new FetchResponse.PartitionData().partitionIndex(p.index)
                        .errorCode(read.error().code()).highWatermark(read.highWatermark())
                        .lastStableOffset(read.lastStableOffset()).logStartOffset(read.logStartOffset())
                        .abortedTransactions(readCommitted ? new ArrayList<>() : null).records(records));
            }
            topics.add(new FetchResponse.FetchableTopicResponse().topic(t.name() == null ? "" : t.name())
                    .topicId(t.id() == null ? new UUID(0, 0) : t.id()).partitions(partitions));
        }
        return new FetchResponse().responses(topics);
    }

    /** Writes regions into the buffer through their own transferTo, as a socket would get them, then frees them. */
    private static final class RegionCollector implements ResponseOutput, WritableByteChannel {
        private final ByteBuf out;
        int regions;

        RegionCollector(ByteBuf out) {
            this.out = out;
        }

        @Override
        public ByteBuf buffer() {
            return out;
        }

        @Override
        public void region(FileRegion region) {
            regions++;
            try {
                while (region.transferred() < region.count()) {
                    region.transferTo(this, region.transferred());
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            } finally {
                region.release();
            }
        }

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            out.writeBytes(src);
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
