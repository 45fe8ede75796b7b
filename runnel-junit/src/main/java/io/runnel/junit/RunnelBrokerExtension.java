package io.runnel.junit;

import io.runnel.broker.EmbeddedBroker;
import io.runnel.broker.config.BrokerConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A JUnit Jupiter extension that gives each test class its own Runnel broker and hands its bootstrap address to
 * the tests: a drop-in for spring-kafka's {@code @EmbeddedKafka} and Testcontainers' Kafka container, without
 * Spring, Docker or a second JVM.
 *
 * <pre>{@code
 * @ExtendWith(RunnelBrokerExtension.class)
 * class OrderEventsTest {
 *     @RunnelBootstrap
 *     static String bootstrap;                       // static and instance fields, or parameters:
 *
 *     @Test
 *     void publishes(@RunnelBootstrap String bootstrap) {
 *         Properties props = new Properties();
 *         props.put("bootstrap.servers", bootstrap);
 *         ...
 *     }
 * }
 *
 * class TunedTest {
 *     @RegisterExtension
 *     static final RunnelBrokerExtension BROKER = RunnelBrokerExtension.builder()
 *             .partitions(3)
 *             .autoCreateTopics(false)
 *             .config("log.fsync.enable", "false")
 *             .build();
 *     ...
 * }
 * }</pre>
 *
 * <h2>Lifecycle</h2>
 * The broker is an {@link EmbeddedBroker} on a free port of 127.0.0.1 with a fresh temporary data directory. It
 * starts when the class first needs it (its {@code beforeAll}, or earlier for a constructor parameter or an
 * instance field under {@code @TestInstance(PER_CLASS)}), serves every test method of the class, and is stopped,
 * its directory deleted, after the class's {@code @AfterAll} methods. The next class gets a new broker. A
 * {@code @Nested} class shares the broker of the enclosing class when that class already has one.
 *
 * <h2>Against another cluster</h2>
 * When the system property (or JUnit configuration parameter) {@value #EXTERNAL_BOOTSTRAP_PROPERTY} is set to
 * {@code HOST:PORT[,HOST:PORT...]}, nothing is started: that address is injected instead, and the builder's
 * broker settings are ignored. This runs the same tests against Apache Kafka; such tests should create their
 * topics with explicit partition counts, use unique topic and group names, and not ask for the
 * {@link EmbeddedBroker}. A malformed value fails the class with the value in the message.
 *
 * <h2>What is injected</h2>
 * <ul>
 *   <li>{@link RunnelBootstrap @RunnelBootstrap} {@code String} parameters of constructors and lifecycle or test
 *   methods, and {@code @RunnelBootstrap} fields (see that annotation). Static fields are set in
 *   {@code beforeAll}, which JUnit calls only for a registration by {@code @ExtendWith} or a static
 *   {@code @RegisterExtension} field.</li>
 *   <li>{@link EmbeddedBroker} parameters receive the broker itself, for Runnel-only tests that look inside it;
 *   with an external cluster their resolution fails.</li>
 * </ul>
 *
 * <p>Classes may run in parallel: each has its own broker, port and directory (unless {@link Builder#port} or
 * {@link Builder#dataDir} fix them).
 */
public final class RunnelBrokerExtension
        implements BeforeAllCallback, AfterAllCallback, TestInstancePostProcessor, ParameterResolver {

    /**
     * The system property, or JUnit configuration parameter, naming an external cluster as
     * {@code HOST:PORT[,HOST:PORT...]}; unset or blank means an embedded broker per class.
     */
    public static final String EXTERNAL_BOOTSTRAP_PROPERTY = "runnel.test.bootstrap";

    private static final Logger LOG = LoggerFactory.getLogger(RunnelBrokerExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(RunnelBrokerExtension.class);
    private static final String KEY = "broker";

    private final Map<String, String> config;
    private final Path dataDir;
    private final int port;

    /** An extension with every broker default; what {@code @ExtendWith(RunnelBrokerExtension.class)} creates. */
    public RunnelBrokerExtension() {
        this(new Builder());
    }

    private RunnelBrokerExtension(Builder builder) {
        this.config = Map.copyOf(builder.config);
        this.dataDir = builder.dataDir;
        this.port = builder.port;
    }

    /** A builder for an extension with broker settings, to put in a static {@code @RegisterExtension} field. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts the class's broker (or resolves the external cluster) and sets its static bootstrap fields. */
    @Override
    public void beforeAll(ExtensionContext context) {
        BootstrapFields.injectStatic(context.getRequiredTestClass(), brokerFor(context).bootstrapServers());
    }

    /** Stops the broker this class started; a {@code @Nested} class leaves its enclosing class's broker alone. */
    @Override
    public void afterAll(ExtensionContext context) {
        ClassBroker broker = context.getStore(NAMESPACE).get(KEY, ClassBroker.class);
        if (broker != null && broker.ownedBy(context.getUniqueId())) {
            broker.close();
        }
    }

    /** Sets the instance's {@code @RunnelBootstrap} fields, starting the broker first if the class has none yet. */
    @Override
    public void postProcessTestInstance(Object testInstance, ExtensionContext context) {
        BootstrapFields.injectInstance(testInstance, brokerFor(context).bootstrapServers());
    }

    /** Supports {@code @RunnelBootstrap} parameters (of any type, to report a wrong one) and {@link EmbeddedBroker}. */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.isAnnotated(RunnelBootstrap.class)
                || parameterContext.getParameter().getType() == EmbeddedBroker.class;
    }

    /**
     * Resolves a supported parameter.
     *
     * @throws ParameterResolutionException for a {@code @RunnelBootstrap} parameter that is not a {@code String},
     *                                      or an {@link EmbeddedBroker} parameter while an external cluster is used
     */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        String where = parameterContext.getDeclaringExecutable() + " parameter " + parameterContext.getIndex();
        if (parameterContext.isAnnotated(RunnelBootstrap.class)) {
            if (type != String.class) {
                throw new ParameterResolutionException(
                        "@RunnelBootstrap " + where + " must be a String, is " + type.getName());
            }
            return brokerFor(extensionContext).bootstrapServers();
        }
        return brokerFor(extensionContext).embedded().orElseThrow(() -> new ParameterResolutionException(
                "No EmbeddedBroker for " + where + ": " + EXTERNAL_BOOTSTRAP_PROPERTY
                        + " names an external cluster, and this test needs Runnel's broker itself"));
    }

    // Deprecated in JUnit 6 for computeIfAbsent, which JUnit 5 lacks; this one works on both.
    @SuppressWarnings("deprecation")
    private ClassBroker brokerFor(ExtensionContext context) {
        ExtensionContext classContext = classContext(context);
        // Looks in enclosing classes' stores first, so @Nested classes share their outer class's broker.
        return classContext.getStore(NAMESPACE)
                .getOrComputeIfAbsent(KEY, key -> open(classContext), ClassBroker.class);
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (!(current.getElement().orElse(null) instanceof Class<?>)) {
            current = current.getParent().orElseThrow(() -> new IllegalStateException(
                    "RunnelBrokerExtension used outside a test class: " + context.getUniqueId()));
        }
        return current;
    }

    private ClassBroker open(ExtensionContext classContext) {
        String owner = classContext.getUniqueId();
        Optional<String> external =
                ExternalBootstrap.parse(classContext.getConfigurationParameter(EXTERNAL_BOOTSTRAP_PROPERTY).orElse(null));
        if (external.isPresent()) {
            LOG.info("{} uses the external cluster {} ({})", classContext.getDisplayName(), external.get(),
                    EXTERNAL_BOOTSTRAP_PROPERTY);
            return ClassBroker.external(owner, external.get());
        }
        EmbeddedBroker broker = EmbeddedBroker.builder().config(config).dataDir(dataDir).port(port).start();
        LOG.info("Embedded Runnel broker at {} for {}", broker.bootstrapServers(), classContext.getDisplayName());
        return ClassBroker.embedded(owner, broker);
    }

    /**
     * Broker settings for a {@link RunnelBrokerExtension}; they apply to the embedded broker only, never to an
     * external cluster.
     */
    public static final class Builder {
        private final Map<String, String> config = new LinkedHashMap<>();
        private Path dataDir;
        private int port;

        private Builder() {
        }

        /** Partitions of topics created without a partition count or automatically ({@code num.partitions}). */
        public Builder partitions(int partitions) {
            return config(BrokerConfig.NUM_PARTITIONS.name(), Integer.toString(partitions));
        }

        /** Whether producing to or asking metadata for an unknown topic creates it
         *  ({@code auto.create.topics.enable}; on by default, as in Kafka). */
        public Builder autoCreateTopics(boolean enabled) {
            return config(BrokerConfig.AUTO_CREATE_TOPICS_ENABLE.name(), Boolean.toString(enabled));
        }

        /** Sets one broker.properties key; values are checked when the broker starts. */
        public Builder config(String key, String value) {
            config.put(key, value);
            return this;
        }

        /** Sets several broker.properties keys; values are checked when the broker starts. */
        public Builder config(Map<String, String> values) {
            config.putAll(values);
            return this;
        }

        /**
         * Listens on this port of 127.0.0.1 instead of a free one ({@code 0}, the default). Classes using a fixed
         * port cannot run in parallel.
         */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * Keeps the data in {@code dir} instead of a temporary directory: it is not deleted after the class, and
         * the next class's broker recovers what the previous one left there. {@code null} restores the default.
         */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** The extension, to assign to a static {@code @RegisterExtension} field. */
        public RunnelBrokerExtension build() {
            return new RunnelBrokerExtension(this);
        }
    }
}
