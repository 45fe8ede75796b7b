package io.runnel.cli;

import io.runnel.client.Sasl;
import io.runnel.client.Security;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The connection security of a Kafka client properties file, as Kafka's tools read it with {@code --command-config}:
 * {@code security.protocol} (PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL), {@code ssl.truststore.location} and
 * {@code .password}, {@code ssl.keystore.location} and {@code .password}, {@code sasl.mechanism} (PLAIN,
 * SCRAM-SHA-256, SCRAM-SHA-512) and the user name and password of {@code sasl.jaas.config}. Other keys are ignored,
 * so the file a Kafka tool uses works unchanged.
 *
 * @param security TLS settings, or {@code null} for plain TCP
 * @param sasl     SASL credentials, or {@code null}
 */
public record CommandConfig(Security security, Sasl sasl) {
    /** No file: plain TCP, no authentication. */
    public static final CommandConfig NONE = new CommandConfig(null, null);

    private static final Pattern USERNAME = Pattern.compile("username\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern PASSWORD = Pattern.compile("password\\s*=\\s*\"([^\"]*)\"");

    /**
     * Reads {@code file}.
     *
     * @throws IllegalArgumentException naming the file and the key that is missing or not understood
     */
    public static CommandConfig read(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read --command-config " + file + ": " + e.getMessage(), e);
        }
        String protocol = properties.getProperty("security.protocol", "PLAINTEXT").trim().toUpperCase(Locale.ROOT);
        boolean tls = protocol.equals("SSL") || protocol.equals("SASL_SSL");
        boolean sasl = protocol.startsWith("SASL_");
        if (!tls && !sasl && !protocol.equals("PLAINTEXT")) {
            throw new IllegalArgumentException(file + ": security.protocol=" + protocol
                    + " is not one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL");
        }
        return new CommandConfig(tls ? security(properties) : null, sasl ? sasl(file, properties) : null);
    }

    private static Security security(Properties properties) {
        String truststore = properties.getProperty("ssl.truststore.location");
        Security security = truststore == null || truststore.isBlank() ? Security.tls()
                : Security.tls(Path.of(truststore.trim()), properties.getProperty("ssl.truststore.password"));
        String keystore = properties.getProperty("ssl.keystore.location");
        if (keystore != null && !keystore.isBlank()) {
            security = security.withKeystore(Path.of(keystore.trim()),
                    properties.getProperty("ssl.keystore.password", ""));
        }
        return security;
    }

    private static Sasl sasl(Path file, Properties properties) {
        String mechanism = properties.getProperty("sasl.mechanism", "GSSAPI").trim().toUpperCase(Locale.ROOT);
        String jaas = properties.getProperty("sasl.jaas.config", "");
        Matcher user = USERNAME.matcher(jaas);
        Matcher password = PASSWORD.matcher(jaas);
        if (!user.find() || !password.find()) {
            throw new IllegalArgumentException(file + ": sasl.jaas.config needs username=\"...\" and password=\"...\"");
        }
        return switch (mechanism) {
            case "PLAIN" -> Sasl.plain(user.group(1), password.group(1));
            case "SCRAM-SHA-256" -> Sasl.scramSha256(user.group(1), password.group(1));
            case "SCRAM-SHA-512" -> Sasl.scramSha512(user.group(1), password.group(1));
            default -> throw new IllegalArgumentException(file + ": sasl.mechanism=" + mechanism
                    + " is not supported; use PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512");
        };
    }
}
