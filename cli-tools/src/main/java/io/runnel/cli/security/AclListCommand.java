package io.runnel.cli.security;

import io.runnel.cli.AdminCommand;
import io.runnel.client.RunnelAdmin;
import io.runnel.client.admin.AclEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** {@code runnel acls list}: every ACL, optionally only one principal's or one resource's. */
@Command(name = "list", description = "List ACLs.")
final class AclListCommand extends AdminCommand {
    @Option(names = "--principal", paramLabel = "User:NAME", description = "Only this principal's ACLs.")
    String principal;

    @Option(names = "--resource", paramLabel = "NAME", description = "Only ACLs on resources with this name.")
    String resource;

    @Override
    protected int run(RunnelAdmin admin, PrintWriter out) {
        List<AclEntry> shown = new ArrayList<>();
        for (AclEntry entry : admin.listAcls()) {
            if ((principal == null || principal.equals(entry.principal()))
                    && (resource == null || resource.equals(entry.resourceName()))) {
                shown.add(entry);
            }
        }
        AclPrinter.print(shown, output.json(), "acls", out);
        return 0;
    }
}
