package io.runnel.protocol.doc;

import io.runnel.protocol.ApiKey;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The API × version table of {@code docs/protocol.md}, rendered from {@link ApiKey} so the documentation cannot
 * drift from the code. The table sits between two marker lines; everything else in the file is prose.
 *
 * <p>Regenerate the file's table with {@code mvn -pl broker-protocol -am test -Dtest=ProtocolDocTest
 * -Drunnel.regenerateDocs=true -Dsurefire.failIfNoSpecifiedTests=false}, or by running {@link #main} from the
 * repository root with the test classpath.
 */
public final class ProtocolDoc {
    /** The line before the generated table. */
    public static final String BEGIN = "<!-- BEGIN api-version-table: generated from ApiKey, checked by ProtocolDocTest -->";
    /** The line after the generated table. */
    public static final String END = "<!-- END api-version-table -->";

    private ProtocolDoc() {
    }

    /** The markdown table: one row per API, ordered by key. */
    public static String renderTable() {
        StringBuilder sb = new StringBuilder();
        sb.append("| API | Key | Supported versions | Advertised versions | First flexible version |\n");
        sb.append("|---|---:|---|---|---|\n");
        ApiKey[] keys = ApiKey.values().clone();
        Arrays.sort(keys, Comparator.comparingInt(ApiKey::id));
        for (ApiKey key : keys) {
            sb.append("| ").append(key.apiName())
                    .append(" | ").append(key.id())
                    .append(" | ").append(range(key.lowestVersion(), key.highestVersion()))
                    .append(" | ").append(range(key.advertisedLowestVersion(), key.advertisedHighestVersion()))
                    .append(" | ").append(key.firstFlexibleVersion() == Short.MAX_VALUE
                            ? "never" : String.valueOf(key.firstFlexibleVersion()))
                    .append(" |\n");
        }
        return sb.toString();
    }

    private static String range(short low, short high) {
        return low == high ? String.valueOf(low) : low + "–" + high;
    }

    /** The text between the markers of {@code document}; fails when a marker is missing. */
    public static String tableIn(String document) {
        int begin = document.indexOf(BEGIN);
        int end = document.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("docs/protocol.md lacks the marker lines\n" + BEGIN + "\n" + END);
        }
        return document.substring(begin + BEGIN.length(), end).strip() + "\n";
    }

    /** {@code document} with the text between its markers replaced by the current table. */
    public static String withCurrentTable(String document) {
        int begin = document.indexOf(BEGIN);
        int end = document.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("docs/protocol.md lacks the marker lines\n" + BEGIN + "\n" + END);
        }
        return document.substring(0, begin + BEGIN.length()) + "\n" + renderTable() + document.substring(end);
    }

    /** docs/protocol.md of the repository that contains the working directory. */
    public static Path locate() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("broker-protocol")) && Files.isDirectory(d.resolve("docs"))) {
                return d.resolve("docs").resolve("protocol.md");
            }
        }
        throw new IllegalStateException("no repository root (with broker-protocol/ and docs/) above " + dir);
    }

    /** Rewrites the table in docs/protocol.md from the code. */
    public static void regenerate(Path file) throws IOException {
        String document = Files.readString(file, StandardCharsets.UTF_8);
        Files.writeString(file, withCurrentTable(document), StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws IOException {
        Path file = args.length > 0 ? Path.of(args[0]) : locate();
        regenerate(file);
        System.out.println("rewrote the API version table in " + file);
    }
}
