package io.runnel.cli.security;

import picocli.CommandLine.Command;

/** {@code runnel acls}: the ACL subcommands. */
@Command(name = "acls", description = "List, create and delete ACLs (the broker needs an authorizer).",
        subcommands = {AclListCommand.class, AclCreateCommand.class, AclDeleteCommand.class})
public final class AclsCommand {
}
