package io.runnel.reliability.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The simulated disk's model of what is durable below its root, after Linux's rules (ext4, xfs): a file's data is
 * durable up to its last fsync; a name created, renamed or deleted in a directory is durable once that directory
 * is fsynced, not before, and an fsync of the file does not make its name durable. Everything under the root when
 * the disk is created counts as durable. Thread-safe: one lock guards the whole tree.
 */
final class DurableTree {
    private final Path root;
    private final Inode rootNode = new Inode(true);

    DurableTree(Path root) throws IOException {
        this.root = root;
        scan(root, rootNode);
    }

    private static void scan(Path dir, Inode node) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.toList()) {
                Inode child = new Inode(Files.isDirectory(p));
                child.parent = node;
                child.name = p.getFileName().toString();
                node.children.put(child.name, child);
                if (child.directory) {
                    scan(p, child);
                } else {
                    child.synced = Files.readAllBytes(p);
                }
            }
        }
        node.durableChildren = new HashMap<>(node.children);
    }

    /** The inode linked at {@code real} now, null when there is none or the path is outside the root. */
    synchronized Inode lookup(Path real) {
        if (!real.startsWith(root)) {
            return null;
        }
        Inode node = rootNode;
        for (Path name : root.relativize(real)) {
            if (name.toString().isEmpty()) {
                continue;
            }
            node = node.directory ? node.children.get(name.toString()) : null;
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    /** A file or directory was created at {@code real}; answers its inode (null outside the root). */
    synchronized Inode created(Path real, boolean directory) {
        Inode existing = lookup(real);
        if (existing != null) {
            return existing;
        }
        Inode parent = real.getParent() == null ? null : lookup(real.getParent());
        if (parent == null) {
            return null;
        }
        Inode node = new Inode(directory);
        link(parent, real.getFileName().toString(), node);
        return node;
    }

    synchronized void deleted(Path real) {
        Inode node = lookup(real);
        if (node != null && node != rootNode) {
            node.parent.children.remove(node.name);
            node.parent = null;
        }
    }

    synchronized void moved(Path from, Path to) {
        Inode node = lookup(from);
        Inode target = to.getParent() == null ? null : lookup(to.getParent());
        if (node == null || target == null) {
            return;
        }
        deleted(to);
        node.parent.children.remove(node.name);
        link(target, to.getFileName().toString(), node);
    }

    private static void link(Inode parent, String name, Inode node) {
        node.parent = parent;
        node.name = name;
        parent.children.put(name, node);
    }

    synchronized void directorySynced(Inode dir) {
        dir.durableChildren = new HashMap<>(dir.children);
    }

    synchronized void fileSynced(Inode file, byte[] content) {
        file.synced = content;
    }

    /**
     * Writes what a power cut now would leave into {@code image} (an empty directory): the durable names with
     * their synced content; a file that has grown since its fsync may keep part of its unsynced tail, torn at a
     * random length, as written or as zeros (a file size that reached the disk before its data).
     */
    synchronized PowerCut image(Path image, Random random) throws IOException {
        int[] counts = new int[3];
        long[] bytes = new long[2];
        write(rootNode, image, random, counts, bytes);
        return new PowerCut(counts[0], counts[1], counts[2], bytes[0], bytes[1]);
    }

    private void write(Inode dir, Path target, Random random, int[] counts, long[] bytes) throws IOException {
        Files.createDirectories(target);
        counts[1]++;
        for (Map.Entry<String, Inode> e : dir.durableChildren.entrySet()) {
            Inode node = e.getValue();
            Path out = target.resolve(e.getKey());
            if (node.directory) {
                write(node, out, random, counts, bytes);
                continue;
            }
            counts[0]++;
            byte[] content = node.synced;
            Path live = node.livePath(rootNode, root);
            byte[] now = live == null || !Files.isRegularFile(live) ? content : Files.readAllBytes(live);
            int unsynced = Math.max(0, now.length - content.length);
            bytes[1] += unsynced;
            if (unsynced > 0 && random.nextInt(3) > 0) {
                int kept = random.nextInt(unsynced + 1);
                byte[] torn = new byte[content.length + kept];
                System.arraycopy(content, 0, torn, 0, content.length);
                if (random.nextBoolean()) {
                    System.arraycopy(now, content.length, torn, content.length, kept);
                }
                content = torn;
                counts[2]++;
            }
            bytes[0] += content.length;
            Files.write(out, content);
        }
    }
}
