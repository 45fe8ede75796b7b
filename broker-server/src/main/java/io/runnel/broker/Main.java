package io.runnel.broker;

import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.config.ConfigException;
import io.runnel.broker.config.Listener;
import io.runnel.broker.network.Transport;
import io.runnel.broker.thread.BrokerThreads;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The {@code runnel-broker} command: loads the configuration, starts a {@link Broker}, prints one line when it is
 * ready and runs until SIGTERM or SIGINT, then shuts down cleanly and exits 0.
 *
 * <p>Exit codes: 0 after a clean shutdown, 1 when the broker cannot start (port taken, data directory locked),
 * 2 for a bad command line or configuration value, reported in one line on standard error.
 */
@Command(name = "runnel-broker", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = Main.Version.class,
        description = "Runs a Runnel broker: a message broker that speaks the Apache Kafka protocol.")
public final class Main implements Callable<Integer> {
    /** Exit code for a bad command line or configuration. */
    public static final int EXIT_CONFIG = 2;
    /** Exit code when the broker cannot start. */
    public static final int EXIT_START_FAILED = 1;
    /** The role of the warm-up thread, named {@code runnel-warm-up}. */
    static final String WARM_UP_ROLE = "warm-up";

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file to load (see broker.properties).")
    private Path configFile;

    @Option(names = "--port", paramLabel = "N", description = "Port to listen on; 0 picks a free one. "
            + "Overrides the port of 'listeners'.")
    private Integer port;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory, created if missing. "
            + "Overrides 'log.dirs'.")
    private String dataDir;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Sets one configuration key; repeatable. "
            + "Overrides the file.")
    private Map<String, String> settings = new LinkedHashMap<>();

    private final PrintStream out;
    private final PrintStream err;
    private final ShutdownSignal shutdown;
    private final Thread warmUp;

    private Main(PrintStream out, PrintStream err, ShutdownSignal shutdown, Thread warmUp) {
        this.out = out;
        this.err = err;
        this.shutdown = shutdown;
        this.warmUp = warmUp;
    }

    /** The thread {@code runnel-warm-up}, not started; {@link #call()} joins it before anything logs. */
    static Thread newWarmUpThread() {
        return BrokerThreads.newThread(WARM_UP_ROLE, Main::warmUp);
    }

    /** Initialises logging and loads the socket transport, which Broker.start would otherwise do in line. */
    private static void warmUp() {
        LoggerFactory.getILoggerFactory();
        Transport.best();
    }

    public static void main(String[] args) {
        // Logging and the network classes load on a second core while the command line is parsed.
        Thread warmUp = newWarmUpThread();
        warmUp.start();
        ShutdownSignal shutdown = new ShutdownSignal();
        shutdown.exitCleanlyOnSignal();
        System.exit(run(args, System.out, System.err, shutdown, warmUp));
    }

    /**
     * Runs the command: returns an exit code at once for a bad command line or configuration, otherwise after the
     * broker has started and then been shut down by {@code shutdown}.
     */
    static int run(String[] args, PrintStream out, PrintStream err, ShutdownSignal shutdown) {
        return run(args, out, err, shutdown, null);
    }

    private static int run(String[] args, PrintStream out, PrintStream err, ShutdownSignal shutdown,
                           Thread warmUp) {
        CommandLine commandLine = new CommandLine(new Main(out, err, shutdown, warmUp));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            err.println("runnel-broker: " + e.getMessage() + " (see --help)");
            return EXIT_CONFIG;
        });
        return commandLine.execute(args);
    }

    @Override
    public Integer call() throws InterruptedException {
        BrokerConfig config;
        try {
            config = BrokerConfig.of(settings());
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return EXIT_CONFIG;
        }
        if (warmUp != null) {
            // Nothing may log before this: logging is being initialised on the warm-up thread.
            warmUp.join();
        }
        Broker broker;
        try {
            broker = Broker.start(config);
        } catch (BrokerStartException e) {
            err.println(e.getMessage());
            return EXIT_START_FAILED;
        }
        shutdown.brokerStarted();
        Listener listener = broker.listener();
        out.println("Runnel broker started on " + (listener.isWildcard() ? "0.0.0.0:" + listener.port()
                : listener.hostPort()) + " (data: " + broker.dataDir() + ") in " + JvmUptime.millis() + " ms");
        if (broker.httpAddress() != null) {
            out.println("Metrics, health and web console on http://" + broker.httpAddress().getHostString() + ":"
                    + broker.httpAddress().getPort() + "/");
        }
        out.flush();
        try {
            String why = shutdown.await();
            LoggerFactory.getLogger(Main.class).info("Stopping: {}", why);
        } finally {
            broker.close();
            shutdown.brokerStopped();
        }
        return 0;
    }

    /** The file, then --set, then the dedicated flags, each later one winning. */
    private Map<String, String> settings() {
        Map<String, String> merged = new LinkedHashMap<>();
        if (configFile != null) {
            merged.putAll(BrokerConfig.readProperties(configFile));
        }
        merged.putAll(settings);
        if (dataDir != null) {
            merged.put(BrokerConfig.LOG_DIRS.name(), dataDir);
        }
        if (port != null) {
            if (port < 0 || port > 65535) {
                throw new ConfigException("--port", port.toString(), "must be between 0 and 65535");
            }
            String listeners = merged.getOrDefault(BrokerConfig.LISTENERS.name(), BrokerConfig.LISTENERS.defaultText());
            merged.put(BrokerConfig.LISTENERS.name(), Listener.withFirstPort(BrokerConfig.LISTENERS.parse(listeners), port));
        }
        return merged;
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"runnel-broker " + (version == null ? "(development build)" : version)};
        }
    }
}
