package io.runnel.cli;

import io.runnel.client.BrokerUnavailableException;
import io.runnel.client.RunnelException;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * Turns what went wrong into the CLI's contract: one line on stderr that names the thing and the cause, a stack
 * trace only with {@code --verbose}, and the exit code: {@value #FAILED} when the operation failed (refused by the
 * broker, unknown topic, unreachable broker), {@value #USAGE} for bad usage.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    static final int FAILED = 1;
    static final int USAGE = 2;

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine command = ex.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("error: " + ex.getMessage());
        if (ex.getMessage() != null && ex.getMessage().startsWith("Missing required subcommand")) {
            command.usage(err);
        } else {
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for usage.");
        }
        err.flush();
        return USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine command, CommandLine.ParseResult parseResult) {
        PrintWriter err = command.getErr();
        err.println("error: " + describe(ex, command.getCommandSpec()));
        if (matched(command.getCommandSpec(), ClientOptions.VERBOSE)) {
            ex.printStackTrace(err);
        }
        err.flush();
        return FAILED;
    }

    /** One line for {@code ex}: the client's own message, or what an unreachable broker means to the user. */
    static String describe(Throwable ex, CommandLine.Model.CommandSpec spec) {
        BrokerUnavailableException unavailable = find(ex, BrokerUnavailableException.class);
        IOException io = find(ex, IOException.class);
        if (unavailable != null || io instanceof ConnectException || io instanceof SocketTimeoutException
                || io instanceof UnknownHostException) {
            Throwable cause = unavailable != null ? unavailable : io;
            return "cannot reach the broker at " + optionValue(spec, ClientOptions.BOOTSTRAP) + " within "
                    + DurationConverter.format((Duration) optionValue(spec, ClientOptions.TIMEOUT)) + ": "
                    + reason(cause);
        }
        if (ex instanceof RunnelException || ex instanceof IllegalArgumentException) {
            return ex.getMessage();
        }
        return ex.getClass().getSimpleName() + ": " + ex.getMessage();
    }

    private static String reason(Throwable cause) {
        if (cause instanceof UnknownHostException) {
            return "unknown host " + cause.getMessage();
        }
        // The deepest message says the most (connection refused, timed out).
        Throwable deepest = cause;
        while (deepest.getCause() != null && deepest.getCause().getMessage() != null) {
            deepest = deepest.getCause();
        }
        String message = deepest.getMessage();
        if (message == null) {
            return cause.toString();
        }
        // Netty's native transport words it "finishConnect(..) failed with error(-111): Connection refused".
        String lower = message.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("connection refused")) {
            return "connection refused";
        }
        if (lower.contains("timed out")) {
            return "connection timed out";
        }
        return message;
    }

    private static <T extends Throwable> T find(Throwable ex, Class<T> type) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static Object optionValue(CommandLine.Model.CommandSpec spec, String name) {
        CommandLine.Model.OptionSpec option = spec.findOption(name);
        return option == null ? "?" : option.getValue();
    }

    private static boolean matched(CommandLine.Model.CommandSpec spec, String name) {
        CommandLine.ParseResult result = spec.commandLine().getParseResult();
        return result != null && result.hasMatchedOption(name);
    }
}
