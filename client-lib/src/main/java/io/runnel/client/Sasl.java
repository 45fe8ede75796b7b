package io.runnel.client;

import java.util.Objects;

/**
 * SASL credentials a client authenticates with on a SASL_PLAINTEXT or SASL_SSL listener, the same mechanisms and
 * users as Kafka's ({@code sasl.mechanism}, {@code sasl.jaas.config}). SCRAM never sends the password; PLAIN does,
 * so use PLAIN only together with TLS ({@link Security#tls}).
 *
 * <pre>{@code
 * RunnelProducer.builder().bootstrap("broker:9093")
 *         .security(Security.tls(Path.of("truststore.p12"), "secret"))
 *         .sasl(Sasl.scramSha256("alice", "alice-secret"))
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; {@link #toString()} does not show the password.
 */
public final class Sasl {
    private final String mechanism;
    private final String user;
    private final String password;

    private Sasl(String mechanism, String user, String password) {
        this.mechanism = mechanism;
        this.user = Objects.requireNonNull(user, "user");
        this.password = Objects.requireNonNull(password, "password");
        if (user.isEmpty()) {
            throw new IllegalArgumentException("the SASL user name must not be empty");
        }
    }

    /** SCRAM-SHA-256 (RFC 7677): the password is proved, never sent. */
    public static Sasl scramSha256(String user, String password) {
        return new Sasl("SCRAM-SHA-256", user, password);
    }

    /** SCRAM-SHA-512: the password is proved, never sent. */
    public static Sasl scramSha512(String user, String password) {
        return new Sasl("SCRAM-SHA-512", user, password);
    }

    /** PLAIN (RFC 4616): the password is sent as it is; only over TLS. */
    public static Sasl plain(String user, String password) {
        return new Sasl("PLAIN", user, password);
    }

    /** The SASL mechanism name: {@code PLAIN}, {@code SCRAM-SHA-256} or {@code SCRAM-SHA-512}. */
    public String mechanism() {
        return mechanism;
    }

    /** The user name. */
    public String user() {
        return user;
    }

    /** The password; for the client's SASL exchange only. */
    String password() {
        return password;
    }

    @Override
    public String toString() {
        return mechanism + " as " + user;
    }
}
