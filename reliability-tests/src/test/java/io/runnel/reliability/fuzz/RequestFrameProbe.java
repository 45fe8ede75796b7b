package io.runnel.reliability.fuzz;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.runnel.protocol.ApiKey;
import io.runnel.protocol.MalformedMessageException;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.ProduceRequest;
import io.runnel.protocol.message.RequestHeader;

import java.util.Arrays;

/**
 * Decodes one request frame (the bytes after the 4-byte size) the way the broker's request decoder does — the
 * api key and version, the request header at the header version that API version implies, then the body — and
 * checks what may come out of untrusted bytes:
 * <ul>
 *   <li>only {@link MalformedMessageException} escapes a decoder (its subclass
 *       {@link io.runnel.protocol.record.InvalidRecordBatchException} from the record checks);</li>
 *   <li>a body that decodes re-encodes to bytes that decode and re-encode to the same bytes again;</li>
 *   <li>every Produce partition's records go through {@link RecordsProbe} (validator, reader);</li>
 *   <li>the input buffer, a leak-tracked pooled buffer, comes back with the reference count it had.</li>
 * </ul>
 * Any other outcome throws {@link AssertionError}. Stateless; safe to call from any thread.
 */
final class RequestFrameProbe {
    /** api key, api version, correlation id: what the broker needs before it reads the header. */
    private static final int HEADER_PREFIX_BYTES = 8;

    /** What happened to one frame. */
    enum Outcome { TOO_SHORT, UNSERVED_API, BAD_HEADER, MALFORMED_BODY, DECODED }

    private RequestFrameProbe() {
    }

    static Outcome probe(byte[] frame) {
        ByteBuf in = PooledByteBufAllocator.DEFAULT.buffer(Math.max(1, frame.length));
        in.writeBytes(frame);
        try {
            Outcome outcome = decode(in);
            if (in.refCnt() != 1) {
                throw new AssertionError("decoding changed the frame's reference count to " + in.refCnt());
            }
            return outcome;
        } finally {
            in.release();
        }
    }

    private static Outcome decode(ByteBuf frame) {
        if (frame.readableBytes() < HEADER_PREFIX_BYTES) {
            return Outcome.TOO_SHORT;
        }
        short apiId = frame.getShort(frame.readerIndex());
        short version = frame.getShort(frame.readerIndex() + 2);
        ApiKey api = ApiKey.forId(apiId);
        if (api == null || !api.isVersionSupported(version)) {
            return Outcome.UNSERVED_API;
        }
        RequestHeader header;
        try {
            header = RequestHeader.read(frame, api.requestHeaderVersion(version));
        } catch (MalformedMessageException e) {
            return Outcome.BAD_HEADER;
        }
        if (header.requestApiKey() != apiId || header.requestApiVersion() != version) {
            throw new AssertionError("the header decoded as " + header + " from api key " + apiId + " v" + version);
        }
        ApiMessage body;
        try {
            body = api.readRequest(frame, version);
        } catch (MalformedMessageException e) {
            return Outcome.MALFORMED_BODY;
        }
        if (body.apiKey() != apiId) {
            throw new AssertionError(api.apiName() + " v" + version + " decoded as api key " + body.apiKey());
        }
        if (body instanceof ProduceRequest produce) {
            for (ProduceRequest.TopicProduceData topic : produce.topicData()) {
                for (ProduceRequest.PartitionProduceData partition : topic.partitionData()) {
                    if (partition.records() != null) {
                        RecordsProbe.probe(partition.records());
                    }
                }
            }
        }
        checkStableReencoding(api, version, body);
        return Outcome.DECODED;
    }

    /** decode → encode → decode → encode gives the same bytes twice. */
    private static void checkStableReencoding(ApiKey api, short version, ApiMessage decoded) {
        byte[] once = encode(decoded, version);
        ByteBuf again = Unpooled.wrappedBuffer(once);
        ApiMessage redecoded;
        try {
            redecoded = api.readRequest(again, version);
        } catch (MalformedMessageException e) {
            throw new AssertionError(api.apiName() + " v" + version + " decoded, but its re-encoding does not: "
                    + e.getMessage() + "\n" + ByteBufUtil.prettyHexDump(again.resetReaderIndex()), e);
        }
        if (again.isReadable()) {
            throw new AssertionError(api.apiName() + " v" + version + ": " + again.readableBytes()
                    + " bytes of the re-encoding were left unread");
        }
        byte[] twice = encode(redecoded, version);
        if (!Arrays.equals(once, twice)) {
            throw new AssertionError(api.apiName() + " v" + version + " re-encodes unstably:\n"
                    + ByteBufUtil.hexDump(once) + "\n" + ByteBufUtil.hexDump(twice));
        }
    }

    private static byte[] encode(ApiMessage message, short version) {
        ByteBuf out = Unpooled.buffer();
        try {
            message.write(out, version);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }
}
