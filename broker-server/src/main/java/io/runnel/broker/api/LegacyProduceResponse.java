package io.runnel.broker.api;

import io.netty.buffer.ByteBuf;
import io.runnel.protocol.ApiKey;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.types.WireWriter;

/**
 * The answer to a {@link LegacyProduceRequest}: {@link ErrorCode#UNSUPPORTED_VERSION} for every partition it named,
 * encoded by hand in the v0-2 layout the generated codec does not have.
 *
 * <p>Layout (Kafka protocol guide): an array of topics, each a name string and an array of partitions, each index
 * int32, error_code int16, base_offset int64, and from v2 log_append_time_ms int64; from v1 throttle_time_ms int32
 * after the array.
 */
public final class LegacyProduceResponse implements ApiMessage {
    private final LegacyProduceRequest request;
    private final ErrorCode error;

    public LegacyProduceResponse(LegacyProduceRequest request, ErrorCode error) {
        this.request = request;
        this.error = error;
    }

    /** Every partition of {@code request} refused with UNSUPPORTED_VERSION. */
    public static LegacyProduceResponse unsupportedVersion(LegacyProduceRequest request) {
        return new LegacyProduceResponse(request, ErrorCode.UNSUPPORTED_VERSION);
    }

    @Override
    public short apiKey() {
        return ApiKey.PRODUCE.id();
    }

    @Override
    public void write(ByteBuf buf, short version) {
        if (version < 0 || version > 2) {
            throw new IllegalArgumentException("a legacy Produce response is v0-2, not v" + version);
        }
        WireWriter.writeArrayLength(buf, request.topics().size());
        for (LegacyProduceRequest.Topic topic : request.topics()) {
            WireWriter.writeString(buf, topic.name());
            WireWriter.writeArrayLength(buf, topic.partitions().length);
            for (int partition : topic.partitions()) {
                buf.writeInt(partition);
                buf.writeShort(error.code());
                buf.writeLong(-1L);
                if (version >= 2) {
                    buf.writeLong(-1L);
                }
            }
        }
        if (version >= 1) {
            buf.writeInt(0);
        }
    }

    @Override
    public String toString() {
        return "LegacyProduceResponse(" + error + ")";
    }
}
