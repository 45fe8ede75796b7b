package io.runnel.cli;

import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * A command that talks to a cluster: the client options, {@code --output}, and picocli's view of the command for
 * its writers and usage errors. Failures propagate as exceptions; {@link ErrorReporter} turns them into one line
 * and an exit code.
 */
public abstract class ClientCommand implements Callable<Integer> {
    /** Where the cluster is, the time limit, verbosity. */
    @Mixin
    protected ClientOptions client;
    /** Table or JSON. */
    @Mixin
    protected OutputOption output;
    /** This command, for its writers and usage errors. */
    @Spec
    protected CommandLine.Model.CommandSpec spec;

    /** A usage error (exit 2) of this command. */
    protected CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** Where the command's data goes (stdout). */
    protected java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Where notes for the user go that are not the command's data (stderr). */
    protected java.io.PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
