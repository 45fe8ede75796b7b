package io.runnel.broker.fetch;

import io.netty.buffer.ByteBuf;
import io.netty.util.AbstractReferenceCounted;
import io.runnel.broker.log.AbortedTransaction;
import io.runnel.broker.metrics.BrokerMetrics;
import io.runnel.broker.metrics.TopicTraffic;
import io.runnel.broker.network.ResponseOutput;
import io.runnel.broker.network.ZeroCopyMessage;
import io.runnel.protocol.ApiKey;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.FetchResponse;
import io.runnel.protocol.types.WireWriter;

import java.util.List;

/**
 * A Fetch response whose record data stays in the segment files until the socket sends it. The fields are
 * encoded here by hand, in the layout of {@link FetchResponse} at each version 4–17, because the generated
 * encoder can only copy records into its buffer; a test holds the two byte for byte equal.
 *
 * <p>It never carries tagged fields: diverging epochs, current leaders, snapshot ids and node endpoints matter
 * only to followers or after a leader change, neither of which one broker has. Owns the slices of its reads.
 */
final class FetchResponseBody extends AbstractReferenceCounted implements ZeroCopyMessage {
    private static final int PREFERRED_READ_REPLICA_NONE = -1;

    private final FetchPlan plan;
    private final PartitionRead[] reads;
    private final long recordBytes;

    private FetchResponseBody(FetchPlan plan, PartitionRead[] reads) {
        this.plan = plan;
        this.reads = reads;
        long bytes = 0;
        for (PartitionRead r : reads) {
            bytes += r.records().length();
        }
        this.recordBytes = bytes;
    }

    /** The answer to {@code plan}: {@code reads} holds one read per requested partition, in request order. */
    static FetchResponseBody of(FetchPlan plan, PartitionRead[] reads) {
        if (reads.length != plan.partitionCount()) {
            throw new IllegalArgumentException(reads.length + " reads for " + plan.partitionCount() + " partitions");
        }
        return new FetchResponseBody(plan, reads);
    }

    /** Bytes of record batches in the response. */
    long recordBytes() {
        return recordBytes;
    }

    /** True when a partition has an error: Kafka answers such a fetch without waiting. */
    boolean hasPartitionError() {
        for (PartitionRead r : reads) {
            if (r.error() != ErrorCode.NONE) {
                return true;
            }
        }
        return false;
    }

    /** Counts the record bytes and records sent per topic and every partition error into {@code metrics}. */
    void countInto(BrokerMetrics metrics) {
        int i = 0;
        List<FetchPlan.Topic> topics = plan.topics();
        for (int t = 0; t < topics.size(); t++) {
            FetchPlan.Topic topic = topics.get(t);
            TopicTraffic traffic = null;
            for (int p = 0; p < topic.partitions().size(); p++) {
                PartitionRead read = reads[i++];
                if (read.error() != ErrorCode.NONE) {
                    metrics.requests().error(ApiKey.FETCH.id(), read.error().code());
                } else if (read.records().length() > 0) {
                    FetchPlan.Partition partition = topic.partitions().get(p);
                    if (traffic == null) {
                        // From v13 the request names topics by id: the resolved partition carries the name.
                        traffic = metrics.topics().topic(partition.topicPartition.topic());
                    }
                    long next = read.records().nextOffset();
                    traffic.fetched(read.records().length(), next < 0 ? 0 : next - partition.fetchOffset);
                }
            }
        }
    }

    /** The read of the {@code i}-th requested partition (request order). */
    PartitionRead read(int i) {
        return reads[i];
    }

    @Override
    public short apiKey() {
        return FetchResponse.API_KEY;
    }

    @Override
    public void writeTo(ResponseOutput output, short version) {
        encode(output, null, version);
    }

    /** Copies the record data: the whole response in one buffer. */
    @Override
    public void write(ByteBuf buf, short version) {
        encode(null, buf, version);
    }

    /** Writes through {@code output} (zero copy) when it is set, else everything into {@code copy}. */
    private void encode(ResponseOutput output, ByteBuf copy, short version) {
        if (version < FetchResponse.LOWEST_VERSION || version > FetchResponse.HIGHEST_VERSION) {
            throw new IllegalArgumentException("FetchResponse does not support version " + version);
        }
        boolean flexible = version >= FetchResponse.FIRST_FLEXIBLE_VERSION;
        ByteBuf buf = output == null ? copy : output.buffer();
        buf.writeInt(0);
        if (version >= 7) {
            buf.writeShort(ErrorCode.NONE.code());
            buf.writeInt(FetchSessions.NO_SESSION);
        }
        arrayLength(buf, flexible, plan.topics().size());
        int i = 0;
        for (FetchPlan.Topic topic : plan.topics()) {
            if (version <= 12) {
                if (flexible) {
                    WireWriter.writeCompactString(buf, topic.name());
                } else {
                    WireWriter.writeString(buf, topic.name());
                }
            } else {
                WireWriter.writeUuid(buf, topic.id());
            }
            arrayLength(buf, flexible, topic.partitions().size());
            for (FetchPlan.Partition partition : topic.partitions()) {
                PartitionRead read = reads[i++];
                buf.writeInt(partition.index);
                buf.writeShort(read.error().code());
                buf.writeLong(read.highWatermark());
                buf.writeLong(read.lastStableOffset());
                if (version >= 5) {
                    buf.writeLong(read.logStartOffset());
                }
                // Null unless the consumer asked for committed data.
                List<AbortedTransaction> aborted = read.aborted();
                if (aborted == null) {
                    arrayLength(buf, flexible, plan.readCommitted() ? 0 : -1);
                } else {
                    arrayLength(buf, flexible, aborted.size());
                    for (AbortedTransaction t : aborted) {
                        buf.writeLong(t.producerId());
                        buf.writeLong(t.firstOffset());
                        if (flexible) {
                            buf.writeByte(0);
                        }
                    }
                }
                if (version >= 11) {
                    buf.writeInt(PREFERRED_READ_REPLICA_NONE);
                }
                int length = read.records().length();
                if (flexible) {
                    WireWriter.writeUnsignedVarint(buf, length + 1);
                } else {
                    buf.writeInt(length);
                }
                if (length > 0) {
                    if (output != null) {
                        output.region(new LogSliceRegion(read.records().retain()));
                        buf = output.buffer();
                    } else {
                        read.records().readInto(buf);
                    }
                }
                if (flexible) {
                    buf.writeByte(0);
                }
            }
            if (flexible) {
                buf.writeByte(0);
            }
        }
        if (flexible) {
            buf.writeByte(0);
        }
    }

    private static void arrayLength(ByteBuf buf, boolean flexible, int count) {
        if (flexible) {
            WireWriter.writeUnsignedVarint(buf, count + 1);
        } else {
            buf.writeInt(count);
        }
    }

    @Override
    protected void deallocate() {
        for (PartitionRead r : reads) {
            r.records().release();
        }
    }

    @Override
    public FetchResponseBody touch(Object hint) {
        for (PartitionRead r : reads) {
            r.records().touch(hint);
        }
        return this;
    }

    @Override
    public String toString() {
        return "FetchResponse(" + plan.partitionCount() + " partitions, " + recordBytes + " record bytes)";
    }
}
