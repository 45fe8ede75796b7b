package io.runnel.reliability.socket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.runnel.protocol.ApiKey;
import io.runnel.protocol.MalformedMessageException;
import io.runnel.protocol.message.ProduceRequest;
import io.runnel.protocol.message.RequestHeader;
import io.runnel.protocol.oracle.GeneratedBytes;
import io.runnel.protocol.oracle.Mutations;
import io.runnel.protocol.record.RecordBatch;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;

/**
 * Damages real request frames (payloads without the size prefix) the ways a broken client or a hostile peer
 * would: bits flipped, bytes overwritten, inserted, deleted or repeated, lengths and counts forged, the end cut
 * off. {@link #damageRecords} damages a Produce request's record batch and then makes its CRC right again, so the
 * damage reaches the record checks behind the CRC. Stateless; every choice comes from the caller's Random.
 */
final class FrameMutator {
    private static final int[] INTERESTING = {0, 1, -1, 0x7f, 0x80, 0xff, 0x7fff, 0xffff, Integer.MAX_VALUE,
            Integer.MIN_VALUE, 1 << 20, 1 << 30};

    /** The frame-agnostic damages of the decoder fuzzer's mutator, which need no knowledge of length fields. */
    private static final Mutations.Kind[] GENERIC = {Mutations.Kind.TRUNCATE, Mutations.Kind.FLIP,
            Mutations.Kind.INSERT, Mutations.Kind.DELETE};

    private FrameMutator() {
    }

    /** One to three random damages of {@code frame}; the input is not changed. */
    static byte[] damage(byte[] frame, Random random) {
        byte[] out = frame;
        int damages = 1 + random.nextInt(3);
        for (int i = 0; i < damages; i++) {
            out = damageOnce(out, random);
        }
        return out;
    }

    private static byte[] damageOnce(byte[] in, Random random) {
        int choice = random.nextInt(GENERIC.length + 2);
        if (choice < GENERIC.length) {
            return Mutations.apply(GENERIC[choice], new GeneratedBytes(in, List.of()), random).bytes();
        }
        if (in.length == 0) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        int at = random.nextInt(in.length);
        if (choice == GENERIC.length) {
            // A forged length or count: a big-endian int (or short) at a random place.
            byte[] out = in.clone();
            int value = INTERESTING[random.nextInt(INTERESTING.length)];
            int width = random.nextBoolean() ? 4 : 2;
            for (int i = 0; i < width && at + i < out.length; i++) {
                out[at + i] = (byte) (value >>> (8 * (width - 1 - i)));
            }
            return out;
        }
        // A repeated run of bytes, as a confused client resending part of a buffer would.
        int length = Math.min(in.length - at, 1 + random.nextInt(32));
        byte[] out = new byte[in.length + length];
        System.arraycopy(in, 0, out, 0, at + length);
        System.arraycopy(in, at, out, at + length, in.length - at);
        return out;
    }

    /**
     * A copy of a Produce frame whose first record batch is damaged behind its CRC field (attributes onwards) and
     * whose CRC is then recomputed; null when {@code frame} is not a Produce request that decodes with a batch.
     */
    static byte[] damageRecords(byte[] frame, Random random) {
        byte[] out = frame.clone();
        ByteBuf buf = Unpooled.wrappedBuffer(out);
        int recordsAt;
        int recordsLength;
        try {
            ApiKey api = ApiKey.forId(buf.getShort(0));
            short version = buf.getShort(2);
            if (api != ApiKey.PRODUCE || !api.isVersionSupported(version)) {
                return null;
            }
            RequestHeader.read(buf, api.requestHeaderVersion(version));
            ProduceRequest request = (ProduceRequest) api.readRequest(buf, version);
            ByteBuf records = request.topicData().isEmpty() || request.topicData().get(0).partitionData().isEmpty()
                    ? null : request.topicData().get(0).partitionData().get(0).records();
            if (records == null || records.readableBytes() < RecordBatch.HEADER_SIZE) {
                return null;
            }
            // A slice of the wrapped array: its array offset is where the records start in the frame.
            recordsAt = records.arrayOffset() + records.readerIndex();
            recordsLength = records.readableBytes();
        } catch (MalformedMessageException e) {
            return null;
        }
        int from = recordsAt + RecordBatch.ATTRIBUTES_OFFSET;
        int damages = 1 + random.nextInt(3);
        for (int i = 0; i < damages; i++) {
            int at = from + random.nextInt(recordsAt + recordsLength - from);
            if (random.nextBoolean()) {
                out[at] = (byte) random.nextInt(256);
            } else {
                ByteBuffer.wrap(out).putShort(Math.min(at, out.length - 2),
                        (short) INTERESTING[random.nextInt(INTERESTING.length)]);
            }
        }
        ByteBuf batch = Unpooled.wrappedBuffer(out);
        new RecordBatch().wrap(batch, recordsAt).updateCrc();
        return out;
    }
}
