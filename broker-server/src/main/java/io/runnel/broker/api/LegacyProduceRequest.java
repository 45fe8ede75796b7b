package io.runnel.broker.api;

import io.netty.buffer.ByteBuf;
import io.runnel.protocol.ApiKey;
import io.runnel.protocol.MalformedMessageException;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.types.WireReader;
import io.runnel.protocol.types.WireWriter;

import java.util.ArrayList;
import java.util.List;

/**
 * A Produce request of version 0, 1 or 2, decoded only as far as answering it needs: the acks and which
 * partitions it names. Kafka 4 advertises these versions (old librdkafka compresses only when it sees v0) but
 * refuses them; so does Runnel, with UNSUPPORTED_VERSION for every partition ({@link LegacyProduceResponse}).
 *
 * <p>Body (Kafka protocol guide, non-flexible): acks int16, timeout_ms int32, then an array of topics, each a
 * name string and an array of partitions, each an index int32 and the records as nullable bytes (a v0/v1
 * message set, skipped unread).
 */
public final class LegacyProduceRequest implements ApiMessage {
    /** One topic's partitions as the request lists them. */
    public record Topic(String name, int[] partitions) {
    }

    private final short acks;
    private final int timeoutMs;
    private final List<Topic> topics;

    public LegacyProduceRequest(short acks, int timeoutMs, List<Topic> topics) {
        this.acks = acks;
        this.timeoutMs = timeoutMs;
        this.topics = List.copyOf(topics);
    }

    /**
     * Decodes a v0-2 body from the reader index of {@code body}.
     *
     * @throws MalformedMessageException when the body does not hold a whole v0-2 request
     */
    public static LegacyProduceRequest read(ByteBuf body, short version) {
        if (version < 0 || version > 2) {
            throw new IllegalArgumentException("Produce v" + version + " is not a legacy version (0-2)");
        }
        short acks = WireReader.readInt16(body);
        int timeoutMs = WireReader.readInt32(body);
        int topicCount = WireReader.readArrayLength(body, 6);
        if (topicCount < 0) {
            throw new MalformedMessageException("Produce v" + version + " topic array is null");
        }
        List<Topic> topics = new ArrayList<>(topicCount);
        for (int t = 0; t < topicCount; t++) {
            String name = WireReader.readString(body);
            int partitionCount = WireReader.readArrayLength(body, 8);
            if (partitionCount < 0) {
                throw new MalformedMessageException("Produce v" + version + " partition array of " + name
                        + " is null");
            }
            int[] partitions = new int[partitionCount];
            for (int p = 0; p < partitionCount; p++) {
                partitions[p] = WireReader.readInt32(body);
                WireReader.readRecords(body);
            }
            topics.add(new Topic(name, partitions));
        }
        if (body.isReadable()) {
            throw new MalformedMessageException(body.readableBytes() + " bytes follow the Produce v" + version
                    + " body");
        }
        return new LegacyProduceRequest(acks, timeoutMs, topics);
    }

    public short acks() {
        return acks;
    }

    public int timeoutMs() {
        return timeoutMs;
    }

    public List<Topic> topics() {
        return topics;
    }

    @Override
    public short apiKey() {
        return ApiKey.PRODUCE.id();
    }

    /** Encodes the request at a v0-2 version with null records (the broker never sends one; for symmetry). */
    @Override
    public void write(ByteBuf buf, short version) {
        buf.writeShort(acks);
        buf.writeInt(timeoutMs);
        WireWriter.writeArrayLength(buf, topics.size());
        for (Topic topic : topics) {
            WireWriter.writeString(buf, topic.name());
            WireWriter.writeArrayLength(buf, topic.partitions().length);
            for (int partition : topic.partitions()) {
                buf.writeInt(partition);
                WireWriter.writeRecords(buf, null);
            }
        }
    }

    @Override
    public String toString() {
        return "LegacyProduceRequest(acks=" + acks + ", topics=" + topics.size() + ")";
    }
}
