package io.runnel.reliability.disk;

/** The operations of the simulated disk that a {@link DiskFaults} plan can fail. */
public enum DiskOp {
    /** Opening a file that does not exist yet with CREATE (a new segment, index, checkpoint or snapshot). */
    CREATE_FILE,
    /** A write or truncate through a channel. */
    WRITE,
    /** fsync or fdatasync of a file or directory. */
    FSYNC,
    /** Mapping a file into memory (the index files). */
    MAP,
    CREATE_DIRECTORY,
    MOVE,
    DELETE
}
