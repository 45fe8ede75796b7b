package io.runnel.broker.security;

import io.runnel.broker.log.LogFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A small text file of the security state (credentials, ACLs) in {@code <data dir>/security/}, replaced as a whole
 * ({@link LogFiles#writeAtomically}), so a crash leaves either the old or the new content, never a mix. The
 * directory is the owner's only. Written on the security thread only.
 */
final class SecurityFile {
    static final String DIRECTORY = "security";

    private final Path file;

    SecurityFile(Path dataDir, String name) {
        this.file = dataDir.resolve(DIRECTORY).resolve(name);
    }

    Path path() {
        return file;
    }

    /** The lines of the file; none when it does not exist yet. */
    List<String> readLines() throws IOException {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    /** Replaces the file's content with {@code lines}, each ended by a newline. */
    void replace(List<String> lines) throws IOException {
        Path dir = file.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: its default permissions apply.
            }
        }
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append('\n');
        }
        LogFiles.writeAtomically(file, text.toString());
    }
}
