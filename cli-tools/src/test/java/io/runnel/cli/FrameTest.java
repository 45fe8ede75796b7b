package io.runnel.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;

import static io.runnel.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI's contract that needs no broker: help, version, usage errors (exit 2), an unreachable broker (exit 1). */
class FrameTest {
    private static List<List<String>> everyCommand() {
        List<List<String>> paths = new ArrayList<>();
        collect(RunnelCommand.newCommandLine(new Terminal(System.in, false)), new ArrayList<>(), paths);
        return paths;
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> into) {
        into.add(List.copyOf(path));
        command.getSubcommands().forEach((name, sub) -> {
            List<String> next = new ArrayList<>(path);
            next.add(name);
            collect(sub, next, into);
        });
    }

    @Test
    void everyCommandHasHelpAndVersion() {
        List<List<String>> commands = everyCommand();
        assertTrue(commands.size() >= 16, commands.toString());
        for (List<String> path : commands) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            CliRun help = run(args.toArray(new String[0]));
            assertEquals(0, help.exit(), path + ": " + help);
            assertTrue(help.out().startsWith("Usage: runnel" + (path.isEmpty() ? "" : " " + String.join(" ", path))),
                    help.toString());
            help.lines().forEach(line -> assertTrue(line.length() <= 100, path + ": " + line));
            args.set(args.size() - 1, "--version");
            CliRun version = run(args.toArray(new String[0]));
            assertEquals(0, version.exit(), version.toString());
            assertTrue(version.out().startsWith("runnel 0."), version.toString());
        }
    }

    @Test
    void theBootstrapComesFromRunnelBootstrapElseLocalhost() {
        CliRun help = run("topics", "list", "--help");
        String expected = System.getenv().getOrDefault("RUNNEL_BOOTSTRAP", "localhost:9092");
        assertTrue(help.out().contains("Brokers (default " + expected + "; env RUNNEL_BOOTSTRAP)."), help.out());
    }

    @Test
    void unknownFlagIsABadUsageWithASuggestion() {
        CliRun result = run("topics", "create", "orders", "--partitons", "3");
        assertEquals(2, result.exit());
        assertEquals("", result.out());
        List<String> lines = result.err().lines().toList();
        assertEquals("error: Unknown options: '--partitons', '3'", lines.get(0));
        assertTrue(result.err().contains("--partitions"), result.toString());
        assertEquals("Try 'runnel topics create --help' for usage.", lines.get(lines.size() - 1));
    }

    @Test
    void missingSubcommandOrArgumentIsABadUsage() {
        CliRun bare = run();
        assertEquals(2, bare.exit());
        assertTrue(bare.err().startsWith("error: Missing required subcommand"), bare.toString());
        assertTrue(bare.err().contains("topics"), bare.toString());
        CliRun noName = run("topics", "describe");
        assertEquals(2, noName.exit());
        assertTrue(noName.err().startsWith("error: Missing required parameter: 'NAME'"), noName.toString());
    }

    @Test
    void badBootstrapTimeoutAndOutputAreBadUsage() {
        CliRun noPort = run("topics", "list", "-b", "localhost");
        assertEquals(2, noPort.exit(), noPort.toString());
        assertTrue(noPort.err().startsWith("error: Invalid value for option '--bootstrap-server'"), noPort.err());
        CliRun timeout = run("topics", "list", "--timeout", "soon");
        assertEquals(2, timeout.exit(), timeout.toString());
        assertTrue(timeout.err().contains("'soon' is not a duration"), timeout.err());
        CliRun output = run("topics", "list", "-o", "xml");
        assertEquals(2, output.exit(), output.toString());
    }

    @Test
    void unreachableBrokerFailsWithOneLineNamingTheAddressAndTheCause() {
        // Port 1 on loopback: nothing listens, so every connection is refused until the timeout.
        CliRun result = run("topics", "list", "-b", "127.0.0.1:1", "--timeout", "1s");
        assertEquals(1, result.exit(), result.toString());
        assertEquals("", result.out());
        assertEquals("error: cannot reach the broker at 127.0.0.1:1 within 1s: connection refused",
                result.err().trim());

        CliRun verbose = run("topics", "list", "-b", "127.0.0.1:1", "--timeout", "500ms", "--verbose");
        assertEquals(1, verbose.exit());
        assertTrue(verbose.err().lines().count() > 3, "a stack trace follows with --verbose: " + verbose);
        assertTrue(verbose.err().contains("RunnelTimeoutException"), verbose.toString());

        CliRun apiVersions = run("api-versions", "-b", "127.0.0.1:1", "--timeout", "1s");
        assertEquals(1, apiVersions.exit());
        assertEquals("error: cannot reach the broker at 127.0.0.1:1 within 1s: connection refused",
                apiVersions.err().trim());
    }

    @Test
    void completionScriptCoversEveryCommand() {
        CliRun bash = run("completion", "bash");
        assertEquals(0, bash.exit(), bash.toString());
        assertTrue(bash.out().contains("complete -F _complete_runnel"), "registers the function");
        assertTrue(bash.out().contains("bashcompinit"), "loads bash completion under zsh");
        for (String word : List.of("topics", "reset-offsets", "--bootstrap-server", "--to-earliest")) {
            assertTrue(bash.out().contains(word), word);
        }
        assertEquals(bash.out(), run("completion", "zsh").out());
        assertFalse(run("completion", "fish").exit() == 0);
    }
}
