package io.runnel.cli.security;

import io.runnel.cli.AdminCommand;
import io.runnel.cli.Terminal;
import io.runnel.cli.output.Json;
import io.runnel.client.RunnelAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code runnel users create NAME}: sets a user's SCRAM password (creating the user), for SCRAM-SHA-256 and
 * SCRAM-SHA-512 unless {@code --mechanism} says which. The password comes from {@code --password} or, when that is
 * absent, from the first line of standard input, so it need not appear in the shell's history.
 */
@Command(name = "create", description = "Create a SCRAM user or change its password.")
final class UserCreateCommand extends AdminCommand {
    private final Terminal terminal;
    @Parameters(paramLabel = "USER", description = "The user name.")
    String user;

    @Option(names = "--password", paramLabel = "PASSWORD",
            description = "The password (default: the first line of standard input).")
    String password;

    @Option(names = "--mechanism", paramLabel = "MECHANISM", split = ",",
            defaultValue = "SCRAM-SHA-256,SCRAM-SHA-512",
            description = "SCRAM-SHA-256 and/or SCRAM-SHA-512 (default: both).")
    List<String> mechanisms;

    UserCreateCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    protected void validate() {
        for (String mechanism : mechanisms) {
            if (!mechanism.equals("SCRAM-SHA-256") && !mechanism.equals("SCRAM-SHA-512")) {
                throw usage("--mechanism " + mechanism + " is not SCRAM-SHA-256 or SCRAM-SHA-512");
            }
        }
        if (password == null) {
            try {
                password = new BufferedReader(new InputStreamReader(terminal.in(), StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the password from standard input", e);
            }
        }
        if (password == null || password.isEmpty()) {
            throw usage("no password: give --password or one line on standard input");
        }
    }

    @Override
    protected int run(RunnelAdmin admin, PrintWriter out) {
        for (String mechanism : mechanisms) {
            admin.setUserPassword(user, mechanism, password);
        }
        out.println(output.json() ? Json.pretty(Json.object("user", user, "mechanisms", mechanisms))
                : "Set the " + String.join(" and ", mechanisms) + " password of user " + user + ".");
        return 0;
    }
}
