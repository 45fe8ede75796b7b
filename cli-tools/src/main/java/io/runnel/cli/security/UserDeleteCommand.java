package io.runnel.cli.security;

import io.runnel.cli.AdminCommand;
import io.runnel.cli.output.Json;
import io.runnel.client.RunnelAdmin;
import io.runnel.client.admin.ScramCredentialInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** {@code runnel users delete NAME}: removes every SCRAM credential of a user, which then cannot log in. */
@Command(name = "delete", description = "Delete a SCRAM user (all its credentials).")
final class UserDeleteCommand extends AdminCommand {
    @Parameters(paramLabel = "USER", description = "The user name.")
    String user;

    @Override
    protected int run(RunnelAdmin admin, PrintWriter out) {
        List<ScramCredentialInfo> credentials = admin.listUsers().getOrDefault(user, List.of());
        if (credentials.isEmpty()) {
            throw new IllegalArgumentException("user " + user + " has no SCRAM credentials");
        }
        List<String> mechanisms = new ArrayList<>();
        for (ScramCredentialInfo credential : credentials) {
            admin.deleteUserCredential(user, credential.mechanism());
            mechanisms.add(credential.mechanism());
        }
        out.println(output.json() ? Json.pretty(Json.object("user", user, "deleted", mechanisms))
                : "Deleted user " + user + " (" + String.join(", ", mechanisms) + ").");
        return 0;
    }
}
