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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Group commit as the broker drives it: one thread (like a Netty event loop) keeps {@code inFlight} durable
 * appends outstanding, never blocking on one unless that many are still waiting; so "64 concurrent appenders"
 * are 64 acks=all produce requests in flight, not 64 threads. Each op appends one batch. Bytes/s = ops/s x batch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 4)
@Fork(1)
@Threads(1)
public class PipelinedAppendBenchmark {
    @Param({"16384", "65536"})
    public int batchBytes;

    @Param({"1", "4", "64"})
    public int inFlight;

    private StorageFixture fixture;
    private ByteBuf batch;
    private final ArrayDeque<CompletableFuture<Void>> pending = new ArrayDeque<>();

    @Setup
    public void setUp() throws IOException {
        fixture = new StorageFixture(true, 1);
        batch = StorageFixture.batch(batchBytes);
    }

    @Setup(Level.Iteration)
    public void retention() {
        fixture.manager.runRetention();
    }

    @TearDown
    public void tearDown() throws IOException {
        for (CompletableFuture<Void> f : pending) {
            f.join();
        }
        batch.release();
        fixture.close();
    }

    @Benchmark
    public long append() {
        while (pending.size() >= inFlight) {
            pending.poll().join();
        }
        AppendResult r = fixture.log.append(batch.duplicate());
        pending.add(fixture.log.whenDurable(r.nextOffset()));
        return r.lastOffset();
    }
}
