package io.runnel.client.internal.compression;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.runnel.protocol.MalformedMessageException;
import io.runnel.protocol.record.compression.Compression;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

import java.nio.ByteBuffer;

/**
 * Codec 3: the records as one LZ4 frame (the LZ4 frame format, v1), written as Kafka writes it: flags "version 1,
 * independent blocks", no block or content checksum, no content size, 64 KiB blocks, a correct header checksum;
 * blocks that do not shrink are stored raw. Reading accepts what the format allows around that (content size,
 * block and content checksums, which are skipped as Kafka's reader does, and block sizes up to 4 MiB) but not
 * dependent blocks, which Kafka never writes. Works on the buffers directly, with lz4-java's block compressor.
 * Stateless; any thread.
 */
final class Lz4FrameCodec implements Compression {
    static final Lz4FrameCodec INSTANCE = new Lz4FrameCodec();

    static final int MAGIC = 0x184D2204;
    private static final int FLG_VERSION_MASK = 0xC0;
    private static final int FLG_VERSION_1 = 0x40;
    private static final int FLG_BLOCK_INDEPENDENCE = 0x20;
    private static final int FLG_BLOCK_CHECKSUM = 0x10;
    private static final int FLG_CONTENT_SIZE = 0x08;
    private static final int FLG_CONTENT_CHECKSUM = 0x04;
    private static final int FLG_RESERVED = 0x02;
    private static final int FLG_DICT_ID = 0x01;
    /** Block maximum size code 4: 64 KiB, Kafka's. */
    private static final int BD_64KB = 4 << 4;
    private static final int BLOCK_SIZE = 64 * 1024;
    private static final int UNCOMPRESSED_BIT = 0x80000000;

    private static final LZ4Compressor COMPRESSOR = LZ4Factory.fastestInstance().fastCompressor();
    private static final LZ4SafeDecompressor DECOMPRESSOR = LZ4Factory.fastestInstance().safeDecompressor();
    private static final XXHash32 XXHASH = XXHashFactory.fastestInstance().hash32();

    private Lz4FrameCodec() {
    }

    @Override
    public int id() {
        return LZ4_ID;
    }

    @Override
    public String name() {
        return "lz4";
    }

    @Override
    public void compress(ByteBuf src, ByteBuf dst) {
        int flg = FLG_VERSION_1 | FLG_BLOCK_INDEPENDENCE;
        dst.writeIntLE(MAGIC);
        dst.writeByte(flg);
        dst.writeByte(BD_64KB);
        dst.writeByte(headerChecksum(flg, BD_64KB));
        int end = src.readerIndex() + src.readableBytes();
        for (int at = src.readerIndex(); at < end; at += BLOCK_SIZE) {
            writeBlock(src.nioBuffer(at, Math.min(BLOCK_SIZE, end - at)), dst);
        }
        dst.writeIntLE(0);
    }

    private static void writeBlock(ByteBuffer block, ByteBuf dst) {
        int length = block.remaining();
        int bound = COMPRESSOR.maxCompressedLength(length);
        dst.ensureWritable(4 + bound);
        int sizeAt = dst.writerIndex();
        int compressed;
        if (dst.nioBufferCount() == 1) {
            compressed = COMPRESSOR.compress(block, block.position(), length, dst.nioBuffer(sizeAt + 4, bound), 0,
                    bound);
            if (compressed < length) {
                dst.writeIntLE(compressed);
                dst.writerIndex(sizeAt + 4 + compressed);
                return;
            }
        } else {
            byte[] scratch = new byte[bound];
            compressed = COMPRESSOR.compress(block, block.position(), length, ByteBuffer.wrap(scratch), 0, bound);
            if (compressed < length) {
                dst.writeIntLE(compressed);
                dst.writeBytes(scratch, 0, compressed);
                return;
            }
        }
        dst.writeIntLE(length | UNCOMPRESSED_BIT);
        dst.writeBytes(block);
    }

    private static int headerChecksum(int flg, int bd) {
        return headerChecksum(ByteBuffer.wrap(new byte[]{(byte) flg, (byte) bd}), 0, 2);
    }

    private static int headerChecksum(ByteBuffer descriptor, int offset, int length) {
        return (XXHASH.hash(descriptor, offset, length, 0) >> 8) & 0xFF;
    }

    @Override
    public ByteBuf decompress(ByteBuf src, ByteBufAllocator alloc, int maxBytes) {
        ByteBuf in = src.slice(src.readerIndex(), src.readableBytes());
        ByteBuf out = alloc.buffer(Math.max(64, Math.min(maxBytes, in.readableBytes() * 3)));
        try {
            readFrame(in, out, maxBytes);
            if (in.isReadable()) {
                throw new MalformedMessageException(in.readableBytes() + " bytes follow the lz4 frame's end mark");
            }
            return out;
        } catch (IndexOutOfBoundsException e) {
            out.release();
            throw new MalformedMessageException("lz4 records end inside the frame", e);
        } catch (LZ4Exception e) {
            out.release();
            throw new MalformedMessageException("lz4 records are corrupt: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    private static void readFrame(ByteBuf in, ByteBuf out, int maxBytes) {
        int magic = in.readIntLE();
        if (magic != MAGIC) {
            throw new MalformedMessageException("lz4 frame magic is 0x" + Integer.toHexString(magic) + ", not 0x"
                    + Integer.toHexString(MAGIC));
        }
        int descriptorStart = in.readerIndex();
        int flg = in.readUnsignedByte();
        int bd = in.readUnsignedByte();
        if ((flg & FLG_VERSION_MASK) != FLG_VERSION_1 || (flg & FLG_RESERVED) != 0 || (bd & 0x8F) != 0) {
            throw new MalformedMessageException("lz4 frame descriptor FLG 0x" + Integer.toHexString(flg) + " BD 0x"
                    + Integer.toHexString(bd) + " is not version 1 or sets reserved bits");
        }
        if ((flg & FLG_BLOCK_INDEPENDENCE) == 0) {
            throw new MalformedMessageException("lz4 frame uses dependent blocks, which Kafka never writes");
        }
        int sizeCode = (bd >> 4) & 0x7;
        if (sizeCode < 4) {
            throw new MalformedMessageException("lz4 frame block size code " + sizeCode + " is not 4-7");
        }
        int maxBlock = 1 << (2 * sizeCode + 8);
        if ((flg & FLG_CONTENT_SIZE) != 0) {
            in.skipBytes(8);
        }
        if ((flg & FLG_DICT_ID) != 0) {
            in.skipBytes(4);
        }
        int expected = headerChecksum(in.nioBuffer(descriptorStart, in.readerIndex() - descriptorStart), 0,
                in.readerIndex() - descriptorStart);
        int actual = in.readUnsignedByte();
        if (actual != expected) {
            throw new MalformedMessageException("lz4 frame header checksum is 0x" + Integer.toHexString(actual)
                    + ", expected 0x" + Integer.toHexString(expected));
        }
        while (true) {
            int size = in.readIntLE();
            if (size == 0) {
                break;
            }
            boolean raw = (size & UNCOMPRESSED_BIT) != 0;
            size &= ~UNCOMPRESSED_BIT;
            if (size > maxBlock || size > in.readableBytes()) {
                throw new MalformedMessageException("lz4 block of " + size + " bytes exceeds the frame's block size "
                        + maxBlock + " or the " + in.readableBytes() + " bytes left");
            }
            int room = (int) Math.min(maxBlock, (long) maxBytes - out.writerIndex());
            if (raw) {
                if (size > room) {
                    throw tooLarge(maxBytes);
                }
                out.writeBytes(in, size);
            } else {
                out.ensureWritable(Math.max(0, room));
                int written;
                try {
                    written = DECOMPRESSOR.decompress(in.nioBuffer(in.readerIndex(), size), 0, size,
                            out.nioBuffer(out.writerIndex(), room), 0, room);
                } catch (LZ4Exception e) {
                    if (room < maxBlock) {
                        throw tooLarge(maxBytes);
                    }
                    throw e;
                }
                out.writerIndex(out.writerIndex() + written);
                in.skipBytes(size);
            }
            if ((flg & FLG_BLOCK_CHECKSUM) != 0) {
                in.skipBytes(4);
            }
        }
        if ((flg & FLG_CONTENT_CHECKSUM) != 0) {
            in.skipBytes(4);
        }
    }

    private static MalformedMessageException tooLarge(int maxBytes) {
        return new MalformedMessageException("lz4 records decompress to more than " + maxBytes + " bytes");
    }

    @Override
    public String toString() {
        return name();
    }
}
