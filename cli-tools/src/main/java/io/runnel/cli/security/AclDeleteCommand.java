package io.runnel.cli.security;

import io.runnel.cli.AdminCommand;
import io.runnel.client.RunnelAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;

/** {@code runnel acls delete}: removes the ACLs named exactly as given; prints those removed. */
@Command(name = "delete", description = "Remove ACLs, named as they were created.")
final class AclDeleteCommand extends AdminCommand {
    @Mixin
    AclOptions acl;

    @Override
    protected int run(RunnelAdmin admin, PrintWriter out) {
        AclPrinter.print(admin.deleteAcls(acl.entries()), output.json(), "deleted", out);
        return 0;
    }
}
