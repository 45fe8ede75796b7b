package io.runnel.broker.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/** Partition directories: their topic-id file, and removal by rename-then-delete so a crash mid-way is safe. */
final class PartitionDirectories {
    static final String DELETE_SUFFIX = "-delete";
    static final String METADATA_FILE = "partition.metadata";
    private static final int CANONICAL_UUID_LENGTH = 36;

    private static final Logger LOG = LoggerFactory.getLogger(PartitionDirectories.class);

    private PartitionDirectories() {
    }

    /** Renames {@code dir} to {@code <dir>.<id>-delete} (durably) so it can be removed later, in the background. */
    static Path renameForDeletion(Path dataDir, Path dir, UUID id) {
        String tag = (id == null ? UUID.randomUUID() : id).toString().replace("-", "");
        Path target = dir.resolveSibling(dir.getFileName() + "." + tag + DELETE_SUFFIX);
        try {
            if (Files.exists(target)) {
                target = dir.resolveSibling(dir.getFileName() + "." + UUID.randomUUID().toString().replace("-", "")
                        + DELETE_SUFFIX);
            }
            Files.move(dir, target, StandardCopyOption.ATOMIC_MOVE);
            LogFiles.fsyncDirectory(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("renaming " + dir + " for deletion failed", e);
        }
        return target;
    }

    /** Removes a directory renamed for deletion; a failure is logged and retried at the next start. */
    static void delete(Path dir) {
        try {
            LogFiles.deleteRecursively(dir);
        } catch (IOException e) {
            LOG.error("deleting directory {} failed; it is retried at the next start", dir, e);
        }
    }

    /** Writes {@code partition.metadata}: the topic id, so a directory of a deleted and re-created topic is told apart. */
    static void writeMetadata(Path dir, UUID topicId) throws IOException {
        // Not fsynced: a lost file is rewritten from the registry at the next start.
        Files.writeString(dir.resolve(METADATA_FILE), "version: 0\ntopic_id: " + topicId + "\n",
                StandardCharsets.UTF_8);
    }

    /**
     * The topic id in {@code partition.metadata}, or null when it is missing or unreadable. Only the canonical
     * 36-character form counts: {@code UUID.fromString} also takes shortened fields, so a file torn by a power cut
     * (it is not fsynced) would otherwise name another topic, and the loader would delete the partition's data.
     */
    static UUID readMetadata(Path dir) {
        Path file = dir.resolve(METADATA_FILE);
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith("topic_id:")) {
                    String id = line.substring("topic_id:".length()).trim();
                    return id.length() == CANONICAL_UUID_LENGTH ? UUID.fromString(id) : null;
                }
            }
            return null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
