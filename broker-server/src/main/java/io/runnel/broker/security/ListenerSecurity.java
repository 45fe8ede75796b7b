package io.runnel.broker.security;

import io.netty.handler.ssl.SslContext;

/**
 * How one listener secures its connections.
 *
 * @param listenerName the listener's name, upper case
 * @param protocol     what it speaks
 * @param tls          the TLS context when {@link SecurityProtocol#usesTls()}, else {@code null}
 */
public record ListenerSecurity(String listenerName, SecurityProtocol protocol, SslContext tls) {
    public ListenerSecurity {
        if (protocol.usesTls() != (tls != null)) {
            throw new IllegalArgumentException("listener " + listenerName + " (" + protocol + ") "
                    + (tls == null ? "needs" : "takes no") + " TLS context");
        }
    }

    /** A PLAINTEXT listener named PLAINTEXT. */
    public static ListenerSecurity plaintext() {
        return new ListenerSecurity(SecurityProtocol.PLAINTEXT.name(), SecurityProtocol.PLAINTEXT, null);
    }
}
