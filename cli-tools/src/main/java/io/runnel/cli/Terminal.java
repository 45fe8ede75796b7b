package io.runnel.cli;

import java.io.InputStream;

/**
 * What a command needs from the process beyond picocli's out and err writers: standard input (one record per line
 * for {@code produce}) and whether a person is watching (progress lines of {@code perf}). Tests pass their own.
 *
 * @param in          where {@code produce} reads lines
 * @param interactive whether the process runs in a terminal (progress lines are printed only then)
 */
public record Terminal(InputStream in, boolean interactive) {
    /** The process's own: {@code System.in}, interactive when the JVM has a console. */
    public static Terminal system() {
        return new Terminal(System.in, System.console() != null);
    }
}
