package io.runnel.cli.security;

import io.runnel.cli.AdminCommand;
import io.runnel.client.RunnelAdmin;
import io.runnel.client.admin.AclEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.util.List;

/** {@code runnel acls create}: adds one ACL per operation. */
@Command(name = "create", description = "Allow (or with --deny, deny) a principal operations on a resource.")
final class AclCreateCommand extends AdminCommand {
    @Mixin
    AclOptions acl;

    @Override
    protected int run(RunnelAdmin admin, PrintWriter out) {
        List<AclEntry> entries = acl.entries();
        admin.createAcls(entries);
        AclPrinter.print(entries, output.json(), "created", out);
        return 0;
    }
}
