package io.runnel.cli;

import picocli.CommandLine.Option;

/** {@code --output table|json} of every command that prints data: a picocli mixin. */
public final class OutputOption {
    /** The two shapes of a command's output. */
    public enum Format {
        /** Aligned text for people. */
        TABLE,
        /** The documented JSON of docs/cli.md, for scripts. */
        JSON
    }

    @Option(names = {"-o", "--output"}, paramLabel = "table|json", defaultValue = "table",
            description = "table (default) or json.")
    Format format;

    /** Whether JSON was asked for. */
    public boolean json() {
        return format == Format.JSON;
    }
}
