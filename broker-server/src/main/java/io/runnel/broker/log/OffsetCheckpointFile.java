package io.runnel.broker.log;

import io.runnel.broker.topic.TopicPartition;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A file of one offset per partition (recovery points, log start offsets, cleaner positions), in Kafka's text
 * format: a version line {@code 0}, a count line, then {@code <topic> <partition> <offset>} lines. Replaced
 * atomically on every write.
 */
final class OffsetCheckpointFile {
    private static final int VERSION = 0;

    private final Path path;

    OffsetCheckpointFile(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    void write(Map<TopicPartition, Long> offsets) throws IOException {
        StringBuilder sb = new StringBuilder(32 + offsets.size() * 32);
        sb.append(VERSION).append('\n').append(offsets.size()).append('\n');
        for (Map.Entry<TopicPartition, Long> e : offsets.entrySet()) {
            sb.append(e.getKey().topic()).append(' ').append(e.getKey().partition()).append(' ')
                    .append(e.getValue()).append('\n');
        }
        LogFiles.writeAtomically(path, sb.toString());
    }

    /** The offsets in the file; empty when it does not exist. */
    Map<TopicPartition, Long> read() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new HashMap<>();
        }
        if (lines.size() < 2 || !lines.get(0).trim().equals(Integer.toString(VERSION))) {
            throw new IOException("checkpoint file " + path + " does not start with version " + VERSION);
        }
        int count;
        try {
            count = Integer.parseInt(lines.get(1).trim());
        } catch (NumberFormatException e) {
            throw new IOException("checkpoint file " + path + " has a bad count line: " + lines.get(1), e);
        }
        if (lines.size() - 2 != count) {
            throw new IOException("checkpoint file " + path + " declares " + count + " entries but has "
                    + (lines.size() - 2));
        }
        Map<TopicPartition, Long> offsets = new HashMap<>(count * 2);
        for (int i = 2; i < lines.size(); i++) {
            String[] parts = lines.get(i).trim().split(" ");
            try {
                if (parts.length != 3) {
                    throw new NumberFormatException("expected 3 fields");
                }
                offsets.put(new TopicPartition(parts[0], Integer.parseInt(parts[1])), Long.parseLong(parts[2]));
            } catch (IllegalArgumentException e) {
                throw new IOException("checkpoint file " + path + " line " + (i + 1) + " is malformed: "
                        + lines.get(i), e);
            }
        }
        return offsets;
    }
}
