package io.runnel.broker.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's configuration when nobody gave one: INFO to the console in one concise line per event, Netty's own
 * chatter at WARN. It is the same as {@code config/logback.xml}, built in code because parsing XML would cost a
 * noticeable part of the broker's start-up.
 *
 * <p>Found by logback through {@code META-INF/services}; it steps aside (and logback carries on with its usual
 * search) when {@code -Dlogback.configurationFile} is set or a {@code logback-test.xml} or {@code logback.xml} is
 * on the class path, so an application embedding the broker keeps its own logging.
 */
public final class DefaultLoggingConfigurator extends ContextAwareBase implements Configurator {
    /** The layout of every line, shared with config/logback.xml. */
    public static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %logger{1} - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null || onClassPath("logback-test.xml")
                || onClassPath("logback.xml")) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setEncoder(encoder);
        console.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console);
        context.getLogger("io.netty").setLevel(Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static boolean onClassPath(String resource) {
        ClassLoader loader = DefaultLoggingConfigurator.class.getClassLoader();
        return loader != null && loader.getResource(resource) != null;
    }
}
