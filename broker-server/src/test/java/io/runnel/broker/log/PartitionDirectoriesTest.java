package io.runnel.broker.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class PartitionDirectoriesTest {
    @TempDir
    Path dir;

    @Test
    void aMetadataFileReadsBackItsTopicId() throws Exception {
        UUID id = UUID.randomUUID();
        PartitionDirectories.writeMetadata(dir, id);
        assertEquals(id, PartitionDirectories.readMetadata(dir));
    }

    /** Found by the power-loss suite: the torn id parsed as another topic's, and the partition was deleted. */
    @Test
    void aMetadataFileTornByAPowerCutIsUnreadableRatherThanAnotherTopicsId() throws Exception {
        UUID id = UUID.fromString("1352087c-311c-44ce-b7a2-ea9cea664160");
        PartitionDirectories.writeMetadata(dir, id);
        Path file = dir.resolve(PartitionDirectories.METADATA_FILE);
        String whole = Files.readString(file, StandardCharsets.UTF_8);
        for (int kept = 0; kept < whole.length() - 1; kept++) {
            Files.writeString(file, whole.substring(0, kept), StandardCharsets.UTF_8);
            UUID read = PartitionDirectories.readMetadata(dir);
            if (read != null) {
                assertEquals(id, read, "torn after " + kept + " characters");
            }
            byte[] zeroed = whole.getBytes(StandardCharsets.UTF_8);
            java.util.Arrays.fill(zeroed, kept, zeroed.length, (byte) 0);
            Files.write(file, zeroed);
            read = PartitionDirectories.readMetadata(dir);
            if (read != null) {
                assertEquals(id, read, "zeroed after " + kept + " characters");
            }
        }
        Files.writeString(file, "version: 0\ntopic_id: 1352087c-311c-44ce-b7a2-e\n", StandardCharsets.UTF_8);
        assertNull(PartitionDirectories.readMetadata(dir));
    }
}
