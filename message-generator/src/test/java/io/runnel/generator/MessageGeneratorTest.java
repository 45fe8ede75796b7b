package io.runnel.generator;

import io.runnel.generator.parse.SchemaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageGeneratorTest {
    private static final String PING = """
            api Ping key=3 versions=0-1 flexible=1+
            request
              payload string
            response
              echo string
            """;
    private static final String HEADER = """
            message Header versions=0-0 flexible=none
              id int32
            """;

    @Test
    void writesOneClassPerMessageAndTheApiKeyTable(@TempDir Path dir) throws IOException {
        Path schemas = schemas(dir, PING, HEADER);
        Path out = dir.resolve("out");
        MessageGenerator.generate(schemas, out);
        try (Stream<Path> files = Files.walk(out)) {
            List<String> written = files.filter(Files::isRegularFile).map(p -> out.relativize(p).toString())
                    .sorted().toList();
            assertEquals(List.of("io/runnel/protocol/ApiKey.java", "io/runnel/protocol/message/Header.java",
                    "io/runnel/protocol/message/PingRequest.java", "io/runnel/protocol/message/PingResponse.java"),
                    written);
        }
        String apiKey = Files.readString(out.resolve("io/runnel/protocol/ApiKey.java"));
        assertTrue(apiKey.contains("PING((short) 3, \"Ping\""), apiKey);
    }

    @Test
    void leavesUnchangedFilesAlone(@TempDir Path dir) throws IOException {
        Path schemas = schemas(dir, PING, HEADER);
        Path out = dir.resolve("out");
        MessageGenerator.generate(schemas, out);
        Path request = out.resolve("io/runnel/protocol/message/PingRequest.java");
        FileTime old = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(request, old);

        MessageGenerator.generate(schemas, out);
        assertEquals(old, Files.getLastModifiedTime(request), "same content, so not rewritten");

        Files.writeString(schemas.resolve("Ping.schema"), PING.replace("payload", "body"));
        MessageGenerator.generate(schemas, out);
        assertTrue(Files.readString(request).contains("private String body = \"\";"));
    }

    @Test
    void twoFilesCannotShareAnApiKey(@TempDir Path dir) throws IOException {
        Path schemas = schemas(dir, PING, HEADER);
        Files.writeString(schemas.resolve("Pong.schema"), PING.replace("Ping", "Pong"));
        SchemaException e = assertThrows(SchemaException.class,
                () -> MessageGenerator.generate(schemas, dir.resolve("out")));
        assertEquals("Pong.schema:1: api key 3 is also used in Ping.schema", e.getMessage());
    }

    private static Path schemas(Path dir, String ping, String header) throws IOException {
        Path schemas = Files.createDirectories(dir.resolve("schema"));
        Files.writeString(schemas.resolve("Ping.schema"), ping);
        Files.writeString(schemas.resolve("Header.schema"), header);
        Files.writeString(schemas.resolve("README.md"), "not a schema");
        return schemas;
    }
}
