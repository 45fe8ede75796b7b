package io.runnel.benchmarks;

import io.netty.buffer.ByteBuf;
import io.runnel.broker.log.AppendResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
import java.util.concurrent.TimeUnit;

/**
 * Append throughput to one partition: batches of 100-byte records, 16 KiB or 64 KiB each.
 * {@code appendNoFsync}: each op appends (the fsync-off mode: returns once in the page cache).
 * {@code appendDurable}: each op appends and waits for its group-commit fsync; run with {@code -t 1}, {@code -t 4},
 * {@code -t 64} for that many concurrent appenders. Bytes/s = ops/s x batch bytes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 4)
@Fork(1)
public class AppendBenchmark {
    @Param({"16384", "65536"})
    public int batchBytes;

    @Param({"false", "true"})
    public boolean fsync;

    private StorageFixture fixture;

    /** Each appending thread reuses its own batch (the log rewrites only its base offset). */
    @State(Scope.Thread)
    public static class ThreadBatch {
        ByteBuf batch;

        @Setup
        public void setUp(AppendBenchmark bench) {
            batch = StorageFixture.batch(bench.batchBytes);
        }

        @TearDown
        public void tearDown() {
            batch.release();
        }
    }

    @Setup
    public void setUp() throws IOException {
        fixture = new StorageFixture(fsync, 1);
    }

    @Setup(Level.Iteration)
    public void retention() {
        fixture.manager.runRetention();
    }

    @TearDown
    public void tearDown() throws IOException {
        fixture.close();
    }

    @Benchmark
    public long append(ThreadBatch b) throws Exception {
        AppendResult r = fixture.log.append(b.batch.duplicate());
        if (fsync) {
            fixture.log.whenDurable(r.nextOffset()).get();
        }
        return r.lastOffset();
    }
}
