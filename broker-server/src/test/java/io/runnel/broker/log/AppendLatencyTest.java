package io.runnel.broker.log;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.runnel.protocol.record.RecordBatchBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How long {@link PartitionLog#append} holds its caller, the figure behind appending on the network thread
 * (docs/produce.md): 1 KiB idempotent batches into a log with small segments, so that rolls (a new segment file and
 * preallocated index maps) are among the appends measured. Prints the percentiles; asserts the log is right.
 *
 * <p>The suite runs a short version under Netty's PARANOID leak detector, which records a stack trace on every
 * buffer access and so dwarfs the append itself. For the figures:
 * {@code mvn -B -pl broker-server -am test -Dtest=AppendLatencyTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Drunnel.appendLatency.appends=20000 -Dtest.jvm.args="-Xmx1g -Dio.netty.leakDetection.level=DISABLED"}.
 */
class AppendLatencyTest {
    private static final int APPENDS = Integer.getInteger("runnel.appendLatency.appends", 2_000);

    @TempDir
    Path dir;
    private final LogTestSupport support = new LogTestSupport();

    @AfterEach
    void tearDown() throws Exception {
        support.close();
    }

    @Test
    void appendsStayInThePageCacheAndRollsAreRare() {
        LogConfig config = LogConfig.builder().segmentBytes(1 << 20).build();
        PartitionLog log = support.create(dir.resolve("t-0"), config);
        ByteBuf[] batches = new ByteBuf[APPENDS];
        for (int i = 0; i < APPENDS; i++) {
            try (RecordBatchBuilder b = new RecordBatchBuilder(UnpooledByteBufAllocator.DEFAULT)) {
                b.producer(7, (short) 0, i).append(1_000 + i, null, new byte[1000]);
                batches[i] = Unpooled.directBuffer(1100);
                b.writeTo(batches[i]);
            }
        }
        long[] nanos = new long[APPENDS];
        long[] rolls = new long[APPENDS];
        int rollCount = 0;
        for (int i = 0; i < APPENDS; i++) {
            int segments = log.segmentCount();
            long start = System.nanoTime();
            AppendResult r = log.append(batches[i]);
            nanos[i] = System.nanoTime() - start;
            if (log.segmentCount() != segments) {
                rolls[rollCount++] = nanos[i];
            }
            assertEquals(i, r.firstOffset());
            batches[i].release();
        }
        assertEquals(APPENDS, log.logEndOffset());
        assertTrue(log.segmentCount() > 1, log.segmentCount() + " segments");
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        // The first appends include class loading and JIT compilation: report the steady part too.
        long[] warm = Arrays.copyOfRange(nanos, APPENDS / 2, APPENDS);
        Arrays.sort(warm);
        long[] rolled = Arrays.copyOf(rolls, rollCount);
        Arrays.sort(rolled);
        System.out.printf("appends that rolled a segment: %d, median %.1f us, max %.1f us%n", rollCount,
                rollCount == 0 ? 0 : rolled[rollCount / 2] / 1000.0, rollCount == 0 ? 0 : rolled[rollCount - 1] / 1000.0);
        System.out.printf("append of a 1 KiB idempotent batch, %d appends, %d segments: p50 %.1f us, "
                        + "p99 %.1f us, p99.9 %.1f us, max %.1f us; second half p99.9 %.1f us, max %.1f us%n",
                APPENDS, log.segmentCount(), us(sorted, 0.5), us(sorted, 0.99), us(sorted, 0.999),
                sorted[APPENDS - 1] / 1000.0, us(warm, 0.999), warm[warm.length - 1] / 1000.0);
    }

    private static double us(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1000.0;
    }
}
