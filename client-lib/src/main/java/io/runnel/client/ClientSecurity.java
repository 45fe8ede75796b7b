package io.runnel.client;

import io.runnel.client.internal.net.ConnectionSecurity;

/** Turns the public {@link Security} and {@link Sasl} settings of a builder into what the connections use. */
final class ClientSecurity {
    private ClientSecurity() {
    }

    /**
     * The connection security for {@code tls} and {@code sasl}, either of which may be null.
     *
     * @throws IllegalArgumentException when a TLS store cannot be read
     */
    static ConnectionSecurity of(Security tls, Sasl sasl) {
        if (tls == null && sasl == null) {
            return ConnectionSecurity.NONE;
        }
        return new ConnectionSecurity(tls == null ? null : tls.sslContext(), sasl == null ? null : sasl.mechanism(),
                sasl == null ? null : sasl.user(), sasl == null ? null : sasl.password());
    }
}
