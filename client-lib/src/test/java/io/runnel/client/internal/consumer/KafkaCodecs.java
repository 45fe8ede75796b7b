package io.runnel.client.internal.consumer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.runnel.protocol.MalformedMessageException;
import io.runnel.protocol.record.compression.Compression;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.internals.BufferSupplier;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Test codec lookup: decompresses every Kafka codec with kafka-clients' own decompressors (the oracle), for record
 * decoding tests that must not depend on which codecs the client ships.
 */
final class KafkaCodecs implements Compression {
    private final int id;

    private KafkaCodecs(int id) {
        this.id = id;
    }

    static Compression forId(int id) {
        CompressionType.forId(id);
        return new KafkaCodecs(id);
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public String name() {
        return CompressionType.forId(id).name;
    }

    @Override
    public void compress(ByteBuf src, ByteBuf dst) {
        throw new UnsupportedOperationException("decompression only");
    }

    @Override
    public ByteBuf decompress(ByteBuf src, ByteBufAllocator alloc, int maxBytes) {
        ByteBuffer in = ByteBuffer.allocate(src.readableBytes());
        src.getBytes(src.readerIndex(), in);
        in.flip();
        org.apache.kafka.common.compress.Compression codec =
                org.apache.kafka.common.compress.Compression.of(CompressionType.forId(id)).build();
        ByteBuf out = alloc.heapBuffer();
        try (InputStream stream = codec.wrapForInput(in, RecordBatch.MAGIC_VALUE_V2, BufferSupplier.create())) {
            byte[] chunk = new byte[4096];
            int n;
            while ((n = stream.read(chunk)) > 0) {
                if (out.readableBytes() + n > maxBytes) {
                    throw new MalformedMessageException("decompresses to more than " + maxBytes + " bytes");
                }
                out.writeBytes(chunk, 0, n);
            }
            return out;
        } catch (IOException | RuntimeException e) {
            out.release();
            if (e instanceof MalformedMessageException m) {
                throw m;
            }
            throw new MalformedMessageException("kafka-clients cannot decompress: " + e);
        }
    }
}
