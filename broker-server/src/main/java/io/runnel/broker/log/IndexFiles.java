package io.runnel.broker.log;

import io.netty.util.internal.PlatformDependent;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** File operations on index files: map (preallocating), trim, unmap. */
final class IndexFiles {
    private IndexFiles() {
    }

    /**
     * Maps an index file of {@code entries} entries; when {@code preallocate}, the file is first grown to
     * {@code capacity} bytes (rounded down to whole entries) so appends never remap.
     */
    static MappedByteBuffer map(Path path, int entrySize, int entries, boolean preallocate, int capacity)
            throws IOException {
        try (FileChannel ic = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            long exact = (long) entries * entrySize;
            long length = preallocate ? Math.max(exact, capacity / entrySize * (long) entrySize) : exact;
            return ic.map(FileChannel.MapMode.READ_WRITE, 0, length);
        }
    }

    /** The length of an index file, or -1 when it does not exist. */
    static long length(Path path) throws IOException {
        return Files.exists(path) ? Files.size(path) : -1;
    }

    /** Writes the first {@code bytes} of the map to disk, cuts the file there and fsyncs it. */
    static void trim(MappedByteBuffer map, Path path, int bytes) throws IOException {
        if (bytes > 0) {
            map.force(0, bytes);
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.truncate(bytes);
            ch.force(true);
        }
    }

    /** Unmaps now rather than when a GC finds the buffer; nobody may use it afterwards. */
    static void unmap(MappedByteBuffer map) {
        if (map != null && map.capacity() > 0) {
            PlatformDependent.freeDirectBuffer(map);
        }
    }
}
