package io.runnel.reliability.disk;

import java.nio.file.Path;

/** Which operations of the simulated disk fail with an {@code IOException}, decided per call. */
@FunctionalInterface
public interface DiskFaults {
    /** No operation fails. */
    DiskFaults NONE = (op, path) -> false;

    /**
     * Whether this call fails.
     *
     * @param path the real path operated on (for a move, its source)
     */
    boolean fails(DiskOp op, Path path);

    /** Fails {@code op} on files whose name ends with {@code suffix} (".log", ".index", ".timeindex", ".tmp"…). */
    static DiskFaults on(DiskOp op, String suffix) {
        return (o, p) -> o == op && p.getFileName() != null && p.getFileName().toString().endsWith(suffix);
    }
}
