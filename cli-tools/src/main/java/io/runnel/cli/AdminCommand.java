package io.runnel.cli;

import io.runnel.client.RunnelAdmin;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * A command that does its work with one {@link RunnelAdmin}: the client options, {@code --output}, and the client's
 * life around {@link #run}. Failures propagate as exceptions; {@link ErrorReporter} turns them into one line and an
 * exit code.
 */
public abstract class AdminCommand implements Callable<Integer> {
    /** Where the cluster is, the time limit, verbosity. */
    @Mixin
    protected ClientOptions client;
    /** Table or JSON. */
    @Mixin
    protected OutputOption output;
    /** This command, for its writers and usage errors. */
    @Spec
    protected CommandLine.Model.CommandSpec spec;

    @Override
    public final Integer call() {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        try (RunnelAdmin admin = client.admin()) {
            return run(admin, out);
        } finally {
            out.flush();
        }
    }

    /** Checks the arguments before any connection is made; throws {@link #usage} when they are wrong. */
    protected void validate() {
    }

    /** Does the work and prints the result; returns the exit code. */
    protected abstract int run(RunnelAdmin admin, PrintWriter out);

    /** A usage error (exit 2) of this command. */
    protected CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** Where notes for the user go that are not the command's data (stderr). */
    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
