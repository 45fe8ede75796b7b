package io.runnel.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.runnel.broker.log.LogSlice;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * Sequential read throughput: a consumer reading a 1 GiB log from start to end in fetches of {@code fetchBytes}
 * (wrapping around), each slice sent with zero copy ({@code transferTo}, i.e. sendfile) to a file, like a
 * fetch response to a socket, or copied into a buffer. The log is in the page cache (just written).
 * Bytes/s = ops/s x fetch bytes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 4)
@Fork(1)
public class ReadBenchmark {
    @Param({"1048576"})
    public int fetchBytes;

    private StorageFixture fixture;
    private long offset;
    private ByteBuf copy;
    private FileChannel sink;

    @Setup
    public void setUp() throws IOException {
        fixture = new StorageFixture(false, 1);
        ByteBuf batch = StorageFixture.batch(65536);
        try {
            while (fixture.log.sizeInBytes() < (1L << 30) - 65536) {
                fixture.log.append(batch.duplicate());
            }
        } finally {
            batch.release();
        }
        copy = Unpooled.directBuffer(fetchBytes + 65536);
        sink = FileChannel.open(Path.of("/dev/null"), StandardOpenOption.WRITE);
    }

    @TearDown
    public void tearDown() throws IOException {
        copy.release();
        sink.close();
        fixture.close();
    }

    private LogSlice next() {
        if (offset >= fixture.log.logEndOffset()) {
            offset = fixture.log.logStartOffset();
        }
        return fixture.log.read(offset, fetchBytes, true);
    }

    @Benchmark
    public long readZeroCopy() throws IOException {
        LogSlice slice = next();
        try {
            long sent = 0;
            while (sent < slice.length()) {
                sent += slice.transferTo(sink, sent);
            }
            offset += recordsIn(slice);
            return sent;
        } finally {
            slice.release();
        }
    }

    @Benchmark
    public long readCopy() {
        LogSlice slice = next();
        try {
            copy.clear();
            slice.readInto(copy);
            offset += recordsIn(slice);
            return copy.readableBytes();
        } finally {
            slice.release();
        }
    }

    /** Records per 64 KiB batch are fixed, so the next offset follows from the slice length. */
    private long recordsIn(LogSlice slice) {
        return (long) (slice.length() / batchSize) * recordsPerBatch;
    }

    private static final int batchSize;
    private static final int recordsPerBatch;

    static {
        ByteBuf b = StorageFixture.batch(65536);
        batchSize = b.readableBytes();
        recordsPerBatch = b.getInt(b.readerIndex() + 57);
        b.release();
    }
}
