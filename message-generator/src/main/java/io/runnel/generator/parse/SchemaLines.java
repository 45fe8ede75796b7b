package io.runnel.generator.parse;

import java.util.List;

/**
 * A cursor over the lines of one schema file that sees only what matters: comments (from {@code #}) and
 * trailing blanks are cut, blank lines skipped, indentation counted in spaces. Line numbers are 1-based.
 */
final class SchemaLines {
    private final String fileName;
    private final List<String> lines;
    private int pos;

    SchemaLines(String fileName, List<String> lines) {
        this.fileName = fileName;
        this.lines = lines;
    }

    /** Moves past blank and comment-only lines; true when a line with content is left. */
    boolean hasMore() {
        while (pos < lines.size() && content(lines.get(pos)).isBlank()) {
            pos++;
        }
        return pos < lines.size();
    }

    /** The indentation of the current line, in spaces; a tab in it is an error. */
    int indent() {
        String line = content(lines.get(pos));
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        if (i < line.length() && line.charAt(i) == '\t') {
            throw error("indent with spaces, not tabs");
        }
        return i;
    }

    /** The words of the current line. */
    String[] words() {
        return content(lines.get(pos)).trim().split("\\s+");
    }

    /** The 1-based number of the current line. */
    int number() {
        return pos + 1;
    }

    /** Steps to the next line. */
    void next() {
        pos++;
    }

    /** An error on the current line. */
    SchemaException error(String what) {
        return error(number(), what);
    }

    SchemaException error(int line, String what) {
        return new SchemaException(fileName, line, what);
    }

    private static String content(String line) {
        int hash = line.indexOf('#');
        return (hash >= 0 ? line.substring(0, hash) : line).stripTrailing();
    }
}
