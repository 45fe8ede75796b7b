package io.runnel.reliability.disk;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A file or directory of the simulated disk's model: where it is linked now, and what of it would survive a power
 * cut. Guarded by its {@link DurableTree}'s lock.
 */
final class Inode {
    final boolean directory;
    /** The directory it is linked in now, null once unlinked (or for the root). */
    Inode parent;
    String name;
    /** A directory's entries now, and as of its last fsync. */
    final Map<String, Inode> children = new HashMap<>();
    Map<String, Inode> durableChildren = new HashMap<>();
    /** A file's content as of its last fsync. */
    byte[] synced = new byte[0];

    Inode(boolean directory) {
        this.directory = directory;
    }

    /** Its real path now, below {@code root}; null when unlinked. */
    Path livePath(Inode rootNode, Path root) {
        if (this == rootNode) {
            return root;
        }
        if (parent == null) {
            return null;
        }
        Path parentPath = parent.livePath(rootNode, root);
        return parentPath == null ? null : parentPath.resolve(name);
    }
}
