package io.runnel.broker.produce;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.runnel.broker.log.LogConfig;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.record.RecordBatchBuilder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The timestamp bounds at their extremes, where now + bound or now - timestamp would overflow a long. */
class ProduceRecordsValidatorTest {
    private static final long NOW = 1_700_000_000_000L;
    private final ProduceRecordsValidator validator = new ProduceRecordsValidator();

    private static ByteBuf batch(long... timestamps) {
        try (RecordBatchBuilder b = new RecordBatchBuilder(UnpooledByteBufAllocator.DEFAULT)) {
            for (long ts : timestamps) {
                b.append(ts, "k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8));
            }
            ByteBuf out = Unpooled.buffer();
            b.writeTo(out);
            return out;
        }
    }

    private PartitionError check(LogConfig config, long... timestamps) {
        ByteBuf buf = batch(timestamps);
        try {
            return validator.validate(buf, (short) 9, config, NOW);
        } finally {
            buf.release();
        }
    }

    @Test
    void unlimitedBoundsAcceptEveryTimestampWithoutOverflowing() {
        LogConfig unlimited = LogConfig.builder().timestampBeforeMaxMs(Long.MAX_VALUE)
                .timestampAfterMaxMs(Long.MAX_VALUE).build();
        assertNull(check(unlimited, Long.MAX_VALUE - 1, 0, NOW));
        assertNull(check(unlimited, Long.MIN_VALUE + 1, NOW));
        assertNull(check(LogConfig.defaults(), Long.MIN_VALUE + 1), "Kafka's default has no lower bound");
    }

    @Test
    void boundsAreInclusiveAndMinusOneMeansNoTimestamp() {
        LogConfig tight = LogConfig.builder().timestampBeforeMaxMs(1000).timestampAfterMaxMs(500).build();
        assertNull(check(tight, NOW - 1000, NOW + 500, -1));
        PartitionError early = check(tight, NOW, NOW - 1001);
        assertEquals(ErrorCode.INVALID_TIMESTAMP, early.code());
        assertEquals(1, early.recordIndex());
        PartitionError late = check(tight, NOW + 501);
        assertEquals(ErrorCode.INVALID_TIMESTAMP, late.code());
        assertEquals(0, late.recordIndex());
        assertEquals(ErrorCode.INVALID_TIMESTAMP, check(tight, Long.MAX_VALUE).code());
        assertEquals(ErrorCode.INVALID_TIMESTAMP, check(tight, Long.MIN_VALUE + 1).code());
    }

    @Test
    void logAppendTimeTopicsIgnoreTheProducersTimestamps() {
        LogConfig appendTime = LogConfig.builder().logAppendTime(true).timestampAfterMaxMs(0).build();
        assertNull(check(appendTime, NOW + 1_000_000));
    }
}
