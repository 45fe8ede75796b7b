package io.runnel.reliability.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A channel of the simulated disk: the real channel, with fault checks on writes, maps and fsyncs, and each fsync
 * reported to the model. The content an fsync makes durable is read just before the real fsync: what was written
 * before the call, which is all an fsync promises.
 */
final class DiskChannel extends FileChannel {
    private final SimulatedDisk disk;
    private final Path real;
    private final FileChannel delegate;
    /** Null for a directory, or outside the disk's root. */
    private final FileChannel reader;
    private final Inode inode;

    DiskChannel(SimulatedDisk disk, Path real, FileChannel delegate, Inode inode) throws IOException {
        this.disk = disk;
        this.real = real;
        this.delegate = delegate;
        this.inode = inode;
        this.reader = inode == null || inode.directory ? null : FileChannel.open(real, StandardOpenOption.READ);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return delegate.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return delegate.read(dsts, offset, length);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return delegate.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        disk.check(DiskOp.WRITE, real);
        return delegate.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        disk.check(DiskOp.WRITE, real);
        return delegate.write(srcs, offset, length);
    }

    /** A failing write first writes half of what it was given, as a disk that fills up midway does. */
    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        IOException fault = disk.fault(DiskOp.WRITE, real);
        if (fault != null) {
            ByteBuffer half = src.duplicate();
            half.limit(half.position() + half.remaining() / 2);
            delegate.write(half, position);
            throw fault;
        }
        return delegate.write(src, position);
    }

    @Override
    public long position() throws IOException {
        return delegate.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        delegate.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return delegate.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        disk.check(DiskOp.WRITE, real);
        delegate.truncate(size);
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        disk.check(DiskOp.FSYNC, real);
        if (inode == null) {
            delegate.force(metaData);
            return;
        }
        if (inode.directory) {
            delegate.force(metaData);
            disk.tree().directorySynced(inode);
            return;
        }
        byte[] content = readAll();
        delegate.force(metaData);
        disk.tree().fileSynced(inode, content);
        disk.countFsync();
    }

    private byte[] readAll() throws IOException {
        long size = reader.size();
        if (size > Integer.MAX_VALUE) {
            throw new IOException("file " + real + " is too large for the simulated disk: " + size + " bytes");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) size);
        while (buf.hasRemaining() && reader.read(buf, buf.position()) >= 0) {
            // reads until the buffer is full or the file ends (it may have been truncated meanwhile)
        }
        byte[] out = new byte[buf.position()];
        buf.flip().get(out);
        return out;
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return delegate.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        disk.check(DiskOp.WRITE, real);
        return delegate.transferFrom(src, position, count);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        disk.check(DiskOp.MAP, real);
        return delegate.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return delegate.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return delegate.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        try {
            delegate.close();
        } finally {
            if (reader != null) {
                reader.close();
            }
        }
    }
}
