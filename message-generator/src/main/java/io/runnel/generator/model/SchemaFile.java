package io.runnel.generator.model;

import java.util.List;
import java.util.Optional;

/**
 * What one {@code .schema} file declares: an API with its request and response, or one standalone message.
 *
 * @param fileName   the file's name, for messages about it
 * @param headerLine the 1-based line of the {@code api} or {@code message} header (0 for an empty file)
 * @param api        the API, empty for a standalone message (or an empty file)
 * @param messages   the generated classes, in file order
 */
public record SchemaFile(String fileName, int headerLine, Optional<ApiDef> api, List<MessageDef> messages) {
    public SchemaFile {
        messages = List.copyOf(messages);
    }
}
