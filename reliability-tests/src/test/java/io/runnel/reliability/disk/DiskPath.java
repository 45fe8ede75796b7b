package io.runnel.reliability.disk;

import java.io.IOException;
import java.net.URI;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;

/** A path of the simulated disk's file system: a real (default file system) path, wrapped. */
final class DiskPath implements Path {
    private final DiskFileSystem fs;
    private final Path real;

    DiskPath(DiskFileSystem fs, Path real) {
        this.fs = fs;
        this.real = real;
    }

    /** The real path this one stands for. */
    Path real() {
        return real;
    }

    static Path unwrap(Path p) {
        if (p instanceof DiskPath d) {
            return d.real;
        }
        throw new ProviderMismatchException("not a path of the simulated disk: " + p);
    }

    private Path wrap(Path p) {
        return p == null ? null : new DiskPath(fs, p);
    }

    @Override
    public DiskFileSystem getFileSystem() {
        return fs;
    }

    @Override
    public boolean isAbsolute() {
        return real.isAbsolute();
    }

    @Override
    public Path getRoot() {
        return wrap(real.getRoot());
    }

    @Override
    public Path getFileName() {
        return wrap(real.getFileName());
    }

    @Override
    public Path getParent() {
        return wrap(real.getParent());
    }

    @Override
    public int getNameCount() {
        return real.getNameCount();
    }

    @Override
    public Path getName(int index) {
        return wrap(real.getName(index));
    }

    @Override
    public Path subpath(int beginIndex, int endIndex) {
        return wrap(real.subpath(beginIndex, endIndex));
    }

    @Override
    public boolean startsWith(Path other) {
        return other instanceof DiskPath d && real.startsWith(d.real);
    }

    @Override
    public boolean endsWith(Path other) {
        return other instanceof DiskPath d && real.endsWith(d.real);
    }

    @Override
    public Path normalize() {
        return wrap(real.normalize());
    }

    @Override
    public Path resolve(Path other) {
        return wrap(real.resolve(unwrap(other)));
    }

    @Override
    public Path relativize(Path other) {
        return wrap(real.relativize(unwrap(other)));
    }

    @Override
    public URI toUri() {
        return real.toUri();
    }

    @Override
    public Path toAbsolutePath() {
        return wrap(real.toAbsolutePath());
    }

    @Override
    public Path toRealPath(LinkOption... options) throws IOException {
        return wrap(real.toRealPath(options));
    }

    @Override
    public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
        throw new UnsupportedOperationException("the simulated disk has no watch service");
    }

    @Override
    public int compareTo(Path other) {
        return real.compareTo(unwrap(other));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DiskPath d && d.fs == fs && d.real.equals(real);
    }

    @Override
    public int hashCode() {
        return real.hashCode();
    }

    @Override
    public String toString() {
        return real.toString();
    }
}
