package io.runnel.cli;

import io.runnel.client.RunnelAdmin;

import java.io.PrintWriter;

/** A command that does its work with one {@link RunnelAdmin}, which lives as long as {@link #run}. */
public abstract class AdminCommand extends ClientCommand {
    @Override
    public final Integer call() {
        validate();
        PrintWriter out = out();
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
}
