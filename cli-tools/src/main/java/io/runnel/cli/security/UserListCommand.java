package io.runnel.cli.security;

import io.runnel.cli.AdminCommand;
import io.runnel.cli.output.Json;
import io.runnel.cli.output.Table;
import io.runnel.client.RunnelAdmin;
import io.runnel.client.admin.ScramCredentialInfo;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code runnel users list}: every user with SCRAM credentials, with mechanisms and iteration counts. */
@Command(name = "list", description = "List users with their SCRAM mechanisms and iteration counts.")
final class UserListCommand extends AdminCommand {
    @Override
    protected int run(RunnelAdmin admin, PrintWriter out) {
        Map<String, List<ScramCredentialInfo>> users = admin.listUsers();
        if (output.json()) {
            List<Object> list = new ArrayList<>();
            users.forEach((user, credentials) -> {
                List<Object> mechanisms = new ArrayList<>();
                for (ScramCredentialInfo c : credentials) {
                    mechanisms.add(Json.object("mechanism", c.mechanism(), "iterations", c.iterations()));
                }
                list.add(Json.object("user", user, "credentials", mechanisms));
            });
            out.println(Json.pretty(Json.object("users", list)));
            return 0;
        }
        Table table = new Table("USER", "MECHANISM", "ITERATIONS");
        users.forEach((user, credentials) -> {
            for (ScramCredentialInfo c : credentials) {
                table.row(user, c.mechanism(), c.iterations());
            }
        });
        table.print(out);
        return 0;
    }
}
