package io.runnel.reliability.disk;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A disk that can lose power and fail on command, for one directory of the real file system: {@link #root()} is
 * that directory as a path of a {@code java.nio} file system that passes every call through to the real files,
 * while keeping a model of what is durable ({@link DurableTree}) and failing what the current {@link DiskFaults}
 * plan names, with an {@code IOException} that says "No space left on device".
 *
 * <p>{@link #powerCut} writes what the disk would hold after a power cut at that moment into another directory, the
 * image to "reboot" from; the real directory goes on as if nothing happened, so the broker using it can be stopped
 * in any way. Thread-safe.
 */
public final class SimulatedDisk {
    private final Path realRoot;
    private final DurableTree tree;
    private final DiskProvider provider;
    private volatile DiskFaults faults = DiskFaults.NONE;
    private final AtomicLong injected = new AtomicLong();
    private final AtomicLong fsyncs = new AtomicLong();

    private SimulatedDisk(Path realRoot) throws IOException {
        this.realRoot = realRoot;
        this.tree = new DurableTree(realRoot);
        this.provider = new DiskProvider(this);
    }

    /** A disk over the existing directory {@code realRoot}; what it holds now counts as durable. */
    public static SimulatedDisk over(Path realRoot) throws IOException {
        return new SimulatedDisk(realRoot.toAbsolutePath().normalize());
    }

    /** The root as a path of the simulated disk, to hand to the broker. */
    public Path root() {
        return provider.fileSystem().wrap(realRoot);
    }

    /** From now on, fail what {@code plan} names. */
    public void faults(DiskFaults plan) {
        this.faults = plan;
    }

    /** How many operations failed by plan so far. */
    public long faultsInjected() {
        return injected.get();
    }

    /** How many file fsyncs succeeded so far. */
    public long fsyncs() {
        return fsyncs.get();
    }

    /** Writes what a power cut now would leave into the empty or missing directory {@code image}. */
    public PowerCut powerCut(Path image, Random random) throws IOException {
        return tree.image(image, random);
    }

    DurableTree tree() {
        return tree;
    }

    void countFsync() {
        fsyncs.incrementAndGet();
    }

    void check(DiskOp op, Path real) throws IOException {
        IOException fault = fault(op, real);
        if (fault != null) {
            throw fault;
        }
    }

    /** The exception to fail this call with, or null when it goes ahead. */
    IOException fault(DiskOp op, Path real) {
        if (!faults.fails(op, real)) {
            return null;
        }
        injected.incrementAndGet();
        return new IOException("No space left on device (injected: " + op + " of " + real + ")");
    }
}
