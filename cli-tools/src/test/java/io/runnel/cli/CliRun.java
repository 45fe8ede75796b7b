package io.runnel.cli;

import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the CLI in-process through picocli's {@link CommandLine}, exactly as {@code main} wires it, and captures
 * stdout, stderr and the exit code.
 *
 * @param exit the exit code
 * @param out  what the command printed on stdout
 * @param err  what it printed on stderr
 */
public record CliRun(int exit, String out, String err) {
    /** Runs {@code args} with an empty stdin. */
    public static CliRun run(String... args) {
        return withInput("", args);
    }

    /** Runs {@code args} with {@code input} as stdin. */
    public static CliRun withInput(String input, String... args) {
        return withInput(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), args);
    }

    /** Runs {@code args} with {@code input} as stdin. */
    public static CliRun withInput(InputStream input, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = RunnelCommand.newCommandLine(new Terminal(input, false));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }

    /** {@code args} followed by {@code -b bootstrap}. */
    public static String[] against(String bootstrap, String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.add("-b");
        all.add(bootstrap);
        return all.toArray(new String[0]);
    }

    /** Stdout's lines. */
    public List<String> lines() {
        return out.lines().toList();
    }

    /** Stdout parsed as one JSON document. */
    public Object json() {
        return JsonParser.parse(out);
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
