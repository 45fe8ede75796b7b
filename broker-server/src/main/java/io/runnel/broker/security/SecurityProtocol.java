package io.runnel.broker.security;

import java.util.Locale;

/** What a listener speaks, as Kafka names it: with or without TLS, with or without SASL authentication. */
public enum SecurityProtocol {
    PLAINTEXT(false, false),
    SSL(true, false),
    SASL_PLAINTEXT(false, true),
    SASL_SSL(true, true);

    private final boolean tls;
    private final boolean sasl;

    SecurityProtocol(boolean tls, boolean sasl) {
        this.tls = tls;
        this.sasl = sasl;
    }

    /** True when connections are encrypted with TLS. */
    public boolean usesTls() {
        return tls;
    }

    /** True when a client must authenticate with SASL before anything else is served. */
    public boolean usesSasl() {
        return sasl;
    }

    /**
     * The protocol named {@code name} (any case).
     *
     * @throws IllegalArgumentException naming the value when it is none of the four
     */
    public static SecurityProtocol of(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown security protocol " + name, e);
        }
    }
}
