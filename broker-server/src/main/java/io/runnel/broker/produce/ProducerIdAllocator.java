package io.runnel.broker.produce;

import io.runnel.broker.log.LogFiles;
import io.runnel.broker.thread.AgentRunner;
import io.runnel.broker.thread.TaskAgent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Hands out producer ids that are never handed out twice, not even across restarts or crashes: ids are taken from
 * blocks reserved in the file {@value #FILE_NAME} of the data directory, which holds the first id no block has
 * reserved yet. A block is written (atomically and durably) before any of its ids is given out, so after a crash
 * the unused rest of a block is skipped, never reused.
 *
 * <p>Thread-safe. Nothing is read before the first id is asked for. {@link #nextId()} completes at once while the
 * current block lasts; reserving a block (the first time, then once per {@code blockSize} ids) reads and writes
 * the file on {@code ioExecutor}, never on the caller's thread.
 */
public final class ProducerIdAllocator implements AutoCloseable {
    public static final String FILE_NAME = "producer-id-block";
    public static final int DEFAULT_BLOCK_SIZE = 1000;
    /** The role of the broker's reservation thread, named {@code runnel-producer-ids}. */
    public static final String IO_ROLE = "producer-ids";
    private static final String KEY = "next.block.start=";

    private final Path file;
    private final int blockSize;
    private final Executor ioExecutor;
    /** The agent and thread this allocator started as {@code ioExecutor}; null when the caller owns the executor. */
    private final TaskAgent ownIo;
    private final AgentRunner ownIoThread;
    /** The next id to hand out and the end of the current block; both -1 until the file has been read. */
    private long next = -1;
    private long blockEnd = -1;
    private CompletableFuture<Void> reserving;

    /**
     * The broker's allocator: blocks of {@value #DEFAULT_BLOCK_SIZE} ids in {@code dataDir}, reserved on a thread of
     * its own, {@code runnel-producer-ids} (a small write and fsync once per block, never on a network thread),
     * which {@link #close()} stops.
     */
    public static ProducerIdAllocator start(Path dataDir) {
        TaskAgent io = new TaskAgent(IO_ROLE);
        return new ProducerIdAllocator(dataDir, DEFAULT_BLOCK_SIZE, io, io, AgentRunner.start(io));
    }

    /**
     * An allocator keeping its blocks in {@code dataDir} and reserving them on {@code ioExecutor}, which the caller
     * owns; nothing is read until the first id is asked for.
     */
    public ProducerIdAllocator(Path dataDir, int blockSize, Executor ioExecutor) {
        this(dataDir, blockSize, ioExecutor, null, null);
    }

    private ProducerIdAllocator(Path dataDir, int blockSize, Executor ioExecutor, TaskAgent ownIo,
                                AgentRunner ownIoThread) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("producer id block size " + blockSize + " must be at least 1");
        }
        this.file = dataDir.resolve(FILE_NAME);
        this.blockSize = blockSize;
        this.ioExecutor = ioExecutor;
        this.ownIo = ownIo;
        this.ownIoThread = ownIoThread;
    }

    /** A fresh producer id. Fails only when a block cannot be reserved (the file cannot be written). */
    public synchronized CompletableFuture<Long> nextId() {
        if (next < blockEnd) {
            return CompletableFuture.completedFuture(next++);
        }
        CompletableFuture<Void> pending = reserving;
        if (pending == null) {
            long known = blockEnd;
            CompletableFuture<Void> done = new CompletableFuture<>();
            reserving = done;
            pending = done;
            Runnable reserve = () -> {
                long start = known;
                try {
                    if (start < 0) {
                        start = read(file);
                    }
                    write(file, start + blockSize);
                } catch (IOException e) {
                    reserved(-1, -1, false);
                    done.completeExceptionally(new UncheckedIOException("reserving producer ids from " + start
                            + " in " + file + " failed", e));
                    return;
                }
                reserved(start, start + blockSize, true);
                done.complete(null);
            };
            try {
                ioExecutor.execute(reserve);
            } catch (RejectedExecutionException e) {
                reserving = null;
                return CompletableFuture.failedFuture(e);
            }
        }
        return pending.thenCompose(ok -> nextId());
    }

    private synchronized void reserved(long start, long end, boolean ok) {
        reserving = null;
        if (ok) {
            next = start;
            blockEnd = end;
        }
    }

    /** Whether {@code producerId} may have been handed out by this broker (it lies below every reserved block's end). */
    public synchronized boolean mayHaveIssued(long producerId) {
        return producerId >= 0 && producerId < blockEnd;
    }

    /**
     * Stops the reservation thread this allocator started, after the reservation under way (if any) has finished;
     * later reservations fail with {@link RejectedExecutionException}. Does nothing for a caller-owned executor.
     */
    @Override
    public void close() {
        if (ownIo != null) {
            ownIo.shutdown();
            ownIoThread.close();
        }
    }

    private static long read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException e) {
            return 0;
        }
        if (!text.startsWith(KEY)) {
            throw new IOException("producer id file " + file + " does not start with " + KEY + ": " + text);
        }
        try {
            long value = Long.parseLong(text.substring(KEY.length()).trim());
            if (value < 0) {
                throw new IOException("producer id file " + file + " holds a negative id " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IOException("producer id file " + file + " holds no number: " + text, e);
        }
    }

    private static void write(Path file, long nextBlockStart) throws IOException {
        LogFiles.writeAtomically(file, KEY + nextBlockStart + "\n");
    }
}
