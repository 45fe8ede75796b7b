package io.runnel.cli;

import io.runnel.junit.RunnelBootstrap;
import io.runnel.junit.RunnelBrokerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;

/**
 * What the CLI's integration tests share: a broker per test class from the extension (or the external cluster of
 * the {@code external-cluster} profile), unique names, and running a command against it.
 */
@ExtendWith(RunnelBrokerExtension.class)
abstract class BrokerIT {
    /** The broker of the class running now. */
    static String bootstrap;

    @BeforeAll
    static void broker(@RunnelBootstrap String address) {
        bootstrap = address;
    }

    /** A name no other test, nor an earlier run against the same external cluster, used. */
    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Runs the CLI with {@code args} against the broker. */
    static CliRun cli(String... args) {
        return CliRun.run(CliRun.against(bootstrap, args));
    }
}
