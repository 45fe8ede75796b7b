package io.runnel.generator.parse;

/** A schema file that cannot be read; the message starts with {@code File.schema:LINE:} like a compiler's. */
public final class SchemaException extends RuntimeException {
    private final String fileName;
    private final int line;

    public SchemaException(String fileName, int line, String what) {
        super(fileName + ":" + line + ": " + what);
        this.fileName = fileName;
        this.line = line;
    }

    public String fileName() {
        return fileName;
    }

    /** The 1-based line the problem is on. */
    public int line() {
        return line;
    }
}
