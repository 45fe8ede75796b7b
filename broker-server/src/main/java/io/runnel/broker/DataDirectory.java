package io.runnel.broker;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The broker's data directory, created when missing and locked (through {@code .lock}) for as long as the broker
 * runs, so that two brokers never write the same files.
 */
final class DataDirectory implements AutoCloseable {
    static final String LOCK_FILE = ".lock";

    private final Path path;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private DataDirectory(Path path, FileChannel lockChannel, FileLock lock) {
        this.path = path;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Creates {@code dir} if needed and takes its lock.
     *
     * @throws BrokerStartException when the directory cannot be created or written, or another broker holds it
     */
    static DataDirectory open(Path dir) {
        Path path = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new BrokerStartException("Cannot create data directory " + path + ": " + reason(e), e);
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(path.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new BrokerStartException("Cannot write to data directory " + path + ": " + reason(e), e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            BrokerStartException failure =
                    new BrokerStartException("Data directory " + path + " is in use by another broker");
            try {
                channel.close();
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
            throw failure;
        }
        return new DataDirectory(path, channel, lock);
    }

    /** The absolute, normalised path. */
    Path path() {
        return path;
    }

    /** Releases the lock; the directory and its files stay. */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            lockChannel.close();
        }
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file of that name exists";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
