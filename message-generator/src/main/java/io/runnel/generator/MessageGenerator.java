package io.runnel.generator;

import io.runnel.generator.emit.ApiKeyWriter;
import io.runnel.generator.emit.MessageClassWriter;
import io.runnel.generator.model.ApiDef;
import io.runnel.generator.model.MessageDef;
import io.runnel.generator.model.SchemaFile;
import io.runnel.generator.parse.SchemaException;
import io.runnel.generator.parse.SchemaParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Generates Runnel's Kafka message classes from the schema files in {@code broker-protocol/src/main/schema}.
 *
 * <p>Usage: {@code MessageGenerator SCHEMA_DIR OUTPUT_DIR}. broker-protocol's build runs it in
 * {@code generate-sources} (exec-maven-plugin's {@code exec} goal, a forked {@code java} with this module on the
 * class path); by hand: {@code java -jar message-generator/target/message-generator-*.jar SCHEMA_DIR OUTPUT_DIR}.
 * Output: one class per request, response and header in {@code io.runnel.protocol.message}, and the
 * {@code io.runnel.protocol.ApiKey} enum. A file whose content would not change is not rewritten, so an
 * unchanged schema does not make Maven recompile.
 *
 * <p>Exit status 1 with {@code File.schema:LINE: problem} on standard error when a schema is wrong.
 */
public final class MessageGenerator {

    private MessageGenerator() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: MessageGenerator SCHEMA_DIR OUTPUT_DIR");
            System.exit(2);
        }
        try {
            generate(Path.of(args[0]), Path.of(args[1]));
        } catch (SchemaException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Parses every {@code *.schema} file of {@code schemaDir} and writes the sources under {@code outRoot}. */
    public static void generate(Path schemaDir, Path outRoot) throws IOException {
        List<SchemaFile> schemas = new ArrayList<>();
        for (Path file : schemaFiles(schemaDir)) {
            schemas.add(SchemaParser.parse(file.getFileName().toString(),
                    Files.readAllLines(file, StandardCharsets.UTF_8)));
        }
        List<ApiDef> apis = apis(schemas);
        Path messageDir = outRoot.resolve(MessageClassWriter.PACKAGE.replace('.', '/'));
        Files.createDirectories(messageDir);
        for (SchemaFile schema : schemas) {
            for (MessageDef m : schema.messages()) {
                write(messageDir.resolve(m.className() + ".java"), MessageClassWriter.render(m));
            }
        }
        Path apiKeyFile = outRoot.resolve(ApiKeyWriter.PACKAGE.replace('.', '/')).resolve("ApiKey.java");
        write(apiKeyFile, ApiKeyWriter.render(apis));
    }

    private static List<Path> schemaFiles(Path schemaDir) throws IOException {
        try (Stream<Path> s = Files.list(schemaDir)) {
            return s.filter(p -> p.toString().endsWith(".schema")).sorted().toList();
        }
    }

    /** Every file's API, by key; two files declaring one key or one class name are an error. */
    private static List<ApiDef> apis(List<SchemaFile> schemas) {
        Map<Integer, String> keys = new HashMap<>();
        Map<String, String> classes = new HashMap<>();
        List<ApiDef> apis = new ArrayList<>();
        for (SchemaFile schema : schemas) {
            for (MessageDef m : schema.messages()) {
                String earlier = classes.putIfAbsent(m.className(), schema.fileName());
                if (earlier != null) {
                    throw new SchemaException(schema.fileName(), schema.headerLine(),
                            "class " + m.className() + " is also declared in " + earlier);
                }
            }
            schema.api().ifPresent(api -> {
                String earlier = keys.putIfAbsent(api.key(), schema.fileName());
                if (earlier != null) {
                    throw new SchemaException(schema.fileName(), schema.headerLine(),
                            "api key " + api.key() + " is also used in " + earlier);
                }
                apis.add(api);
            });
        }
        apis.sort(Comparator.comparingInt(ApiDef::key));
        return apis;
    }

    private static void write(Path path, String content) throws IOException {
        Files.createDirectories(path.getParent());
        if (Files.exists(path) && Files.readString(path).equals(content)) {
            return;
        }
        Files.writeString(path, content, StandardCharsets.UTF_8);
    }
}
