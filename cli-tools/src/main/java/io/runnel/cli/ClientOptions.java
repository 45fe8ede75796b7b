package io.runnel.cli;

import io.runnel.client.RunnelAdmin;
import io.runnel.client.RunnelConsumer;
import io.runnel.client.RunnelProducerBuilder;
import io.runnel.client.internal.net.ClientNetworkConfig;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The options every command that talks to a cluster shares: where the cluster is, how long to wait for it, and how
 * much to say. A picocli mixin; {@link ErrorReporter} reads the same options back to word an error.
 */
public final class ClientOptions {
    /** The option names {@link ErrorReporter} looks up. */
    static final String BOOTSTRAP = "--bootstrap-server";
    static final String TIMEOUT = "--timeout";
    static final String VERBOSE = "--verbose";
    static final String COMMAND_CONFIG = "--command-config";
    private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    @Option(names = {"-b", BOOTSTRAP}, paramLabel = "HOST:PORT[,...]", converter = BootstrapConverter.class,
            defaultValue = "${env:RUNNEL_BOOTSTRAP:-localhost:9092}",
            description = "Brokers (default ${DEFAULT-VALUE}; env RUNNEL_BOOTSTRAP).")
    String bootstrap;

    @Option(names = TIMEOUT, paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "Give up after this long: 500ms, 10s, 2m (default ${DEFAULT-VALUE}).")
    Duration timeout;

    private boolean verbose;
    private CommandConfig security = CommandConfig.NONE;

    @Option(names = COMMAND_CONFIG, paramLabel = "FILE", description = "Kafka client properties with the "
            + "connection's security: security.protocol, ssl.truststore.*, ssl.keystore.*, sasl.mechanism, "
            + "sasl.jaas.config (the file Kafka's tools take).")
    void commandConfig(Path file) {
        try {
            security = CommandConfig.read(file);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    private CommandLine.Model.CommandSpec spec;

    @Option(names = VERBOSE, description = "Log what the client does and print stack traces of errors.")
    void verbose(boolean on) {
        verbose = on;
        if (on) {
            // Before the client's first logger exists, so slf4j-simple picks it up.
            System.setProperty(LOG_LEVEL, "info");
        }
    }

    /** The bootstrap list as given. */
    public String bootstrap() {
        return bootstrap;
    }

    /** The time limit of one operation. */
    public Duration timeout() {
        return timeout;
    }

    /** Whether {@code --verbose} was given. */
    public boolean verbose() {
        return verbose;
    }

    /** An admin client bounded by {@link #timeout()} for each operation, retries included. */
    public RunnelAdmin admin() {
        RunnelAdmin.Builder builder = RunnelAdmin.builder().bootstrap(bootstrap).clientId("runnel-cli")
                .requestTimeout(timeout).apiTimeout(timeout);
        if (security.security() != null) {
            builder.security(security.security());
        }
        if (security.sasl() != null) {
            builder.sasl(security.sasl());
        }
        return builder.build();
    }

    /** {@code builder} with the TLS and SASL settings of {@code --command-config}, if any. */
    public RunnelProducerBuilder secured(RunnelProducerBuilder builder) {
        if (security.security() != null) {
            builder.security(security.security());
        }
        if (security.sasl() != null) {
            builder.sasl(security.sasl());
        }
        return builder;
    }

    /** {@code builder} with the TLS and SASL settings of {@code --command-config}, if any. */
    public RunnelConsumer.Builder secured(RunnelConsumer.Builder builder) {
        if (security.security() != null) {
            builder.security(security.security());
        }
        if (security.sasl() != null) {
            builder.sasl(security.sasl());
        }
        return builder;
    }

    /**
     * Fails fast, with the CLI's "cannot reach the broker" error, when no bootstrap broker answers within the
     * timeout: a producer would only tell much later, and less clearly, by expiring its records.
     */
    public void requireReachable() {
        try (RunnelAdmin admin = admin()) {
            admin.describeCluster();
        }
    }

    /** Sets slf4j-simple's defaults for a CLI run (WARN, to stderr, short lines) unless the user set them. */
    static void quietLogging() {
        System.setProperty(LOG_LEVEL, System.getProperty(LOG_LEVEL, "warn"));
        System.setProperty("org.slf4j.simpleLogger.showThreadName",
                System.getProperty("org.slf4j.simpleLogger.showThreadName", "false"));
        System.setProperty("org.slf4j.simpleLogger.showShortLogName",
                System.getProperty("org.slf4j.simpleLogger.showShortLogName", "true"));
    }

    /** Checks a bootstrap list the way the client will read it, so a typo is a usage error (exit 2). */
    static final class BootstrapConverter implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                ClientNetworkConfig.parseBootstrap(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
            return value;
        }
    }
}
