package io.runnel.cli.security;

import picocli.CommandLine.Command;

/** {@code runnel users}: the SCRAM user subcommands. */
@Command(name = "users", description = "List, create and delete SCRAM users (SASL credentials).",
        subcommands = {UserListCommand.class, UserCreateCommand.class, UserDeleteCommand.class})
public final class UsersCommand {
}
