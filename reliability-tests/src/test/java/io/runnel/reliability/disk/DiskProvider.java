package io.runnel.reliability.disk;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.spi.FileSystemProvider;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The simulated disk's provider: each call is made on the real path, checked against the fault plan first and
 * reported to the model after. A namespace change and its report happen under the model's lock, so a power cut
 * sees either both or neither.
 */
final class DiskProvider extends FileSystemProvider {
    private final SimulatedDisk disk;
    private final DiskFileSystem fs;

    DiskProvider(SimulatedDisk disk) {
        this.disk = disk;
        this.fs = new DiskFileSystem(this);
    }

    DiskFileSystem fileSystem() {
        return fs;
    }

    private static FileSystemProvider real(Path real) {
        return real.getFileSystem().provider();
    }

    @Override
    public String getScheme() {
        return "runnel-simulated-disk";
    }

    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
        throw new UnsupportedOperationException("create a SimulatedDisk instead");
    }

    @Override
    public FileSystem getFileSystem(URI uri) {
        throw new UnsupportedOperationException("the simulated disk has no URI");
    }

    @Override
    public Path getPath(URI uri) {
        throw new UnsupportedOperationException("the simulated disk has no URI");
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options,
                                              FileAttribute<?>... attrs) throws IOException {
        return newFileChannel(path, options, attrs);
    }

    @Override
    public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        Path real = DiskPath.unwrap(path);
        boolean creates = options.contains(StandardOpenOption.CREATE) || options.contains(StandardOpenOption.CREATE_NEW);
        DurableTree tree = disk.tree();
        synchronized (tree) {
            boolean existed = Files.exists(real);
            if (creates && !existed) {
                disk.check(DiskOp.CREATE_FILE, real);
            }
            FileChannel channel = FileChannel.open(real, options, attrs);
            try {
                Inode inode = existed ? tree.lookup(real) : tree.created(real, false);
                return new DiskChannel(disk, real, channel, inode);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        DirectoryStream<Path> real = Files.newDirectoryStream(DiskPath.unwrap(dir), p -> filter.accept(fs.wrap(p)));
        return new DirectoryStream<>() {
            @Override
            public Iterator<Path> iterator() {
                Iterator<Path> it = real.iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Path next() {
                        return fs.wrap(it.next());
                    }
                };
            }

            @Override
            public void close() throws IOException {
                real.close();
            }
        };
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        Path real = DiskPath.unwrap(dir);
        synchronized (disk.tree()) {
            disk.check(DiskOp.CREATE_DIRECTORY, real);
            Files.createDirectory(real, attrs);
            disk.tree().created(real, true);
        }
    }

    @Override
    public void delete(Path path) throws IOException {
        Path real = DiskPath.unwrap(path);
        synchronized (disk.tree()) {
            disk.check(DiskOp.DELETE, real);
            Files.delete(real);
            disk.tree().deleted(real);
        }
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        Path to = DiskPath.unwrap(target);
        synchronized (disk.tree()) {
            disk.check(DiskOp.CREATE_FILE, to);
            disk.tree().deleted(to);
            Files.copy(DiskPath.unwrap(source), to, options);
            disk.tree().created(to, Files.isDirectory(to));
        }
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        Path from = DiskPath.unwrap(source);
        Path to = DiskPath.unwrap(target);
        synchronized (disk.tree()) {
            disk.check(DiskOp.MOVE, from);
            Files.move(from, to, options);
            disk.tree().moved(from, to);
        }
    }

    @Override
    public boolean isSameFile(Path path, Path path2) throws IOException {
        return Files.isSameFile(DiskPath.unwrap(path), DiskPath.unwrap(path2));
    }

    @Override
    public boolean isHidden(Path path) throws IOException {
        return Files.isHidden(DiskPath.unwrap(path));
    }

    @Override
    public FileStore getFileStore(Path path) throws IOException {
        return Files.getFileStore(DiskPath.unwrap(path));
    }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        Path real = DiskPath.unwrap(path);
        real(real).checkAccess(real, modes);
    }

    @Override
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        Path real = DiskPath.unwrap(path);
        return real(real).getFileAttributeView(real, type, options);
    }

    @Override
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
            throws IOException {
        Path real = DiskPath.unwrap(path);
        return real(real).readAttributes(real, type, options);
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
            throws IOException {
        Path real = DiskPath.unwrap(path);
        return real(real).readAttributes(real, attributes, options);
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        Path real = DiskPath.unwrap(path);
        real(real).setAttribute(real, attribute, value, options);
    }
}
