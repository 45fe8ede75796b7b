package io.runnel.broker.security;

import io.netty.handler.ssl.SslContext;
import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.config.Listener;
import io.runnel.broker.config.SecurityConfigKeys;
import io.runnel.broker.thread.AgentRunner;
import io.runnel.broker.thread.TaskAgent;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * The broker's security as configured: each listener's protocol and TLS context, the SASL mechanisms on offer, the
 * SCRAM credential store, the ACL authorizer, and the security thread ({@code runnel-security}) that hashes passwords and writes the
 * credential and ACL files, so that neither happens on an event loop.
 *
 * <p>Threads: built at start-up; read from any thread; {@link #close()} stops the security thread once the work
 * handed to it is done.
 */
public final class BrokerSecurity implements AutoCloseable {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, ListenerSecurity> listeners;
    private final List<String> mechanisms;
    private final long reauthMillis;
    private final long failureDelayMillis;
    private final ScramCredentialStore credentials;
    private final AclAuthorizer authorizer;
    private final SecureRandom random = new SecureRandom();
    private final byte[] fakeSaltKey = new byte[32];
    /** The broker's one thread model: a task agent, started here, stopped by {@link #close()}. */
    private final TaskAgent agent = new TaskAgent("security");
    private final AgentRunner runner;

    private BrokerSecurity(Map<String, ListenerSecurity> listeners, BrokerConfig config,
                           ScramCredentialStore credentials, AclAuthorizer authorizer) {
        this.listeners = listeners;
        this.mechanisms = config.get(SecurityConfigKeys.SASL_ENABLED_MECHANISMS);
        this.reauthMillis = config.get(SecurityConfigKeys.CONNECTIONS_MAX_REAUTH_MS);
        this.failureDelayMillis = config.get(SecurityConfigKeys.CONNECTION_FAILED_AUTHENTICATION_DELAY_MS);
        this.credentials = credentials;
        this.authorizer = authorizer;
        random.nextBytes(fakeSaltKey);
        this.runner = AgentRunner.start(agent, CLOSE_TIMEOUT);
    }

    /**
     * The security {@code config} describes, with the credentials stored in {@code dataDir}.
     *
     * @throws io.runnel.broker.config.ConfigException when a TLS listener's key material cannot be used
     * @throws java.io.UncheckedIOException            when the credential file cannot be read
     */
    public static BrokerSecurity open(BrokerConfig config, Path dataDir) {
        Map<String, ListenerSecurity> listeners = new LinkedHashMap<>();
        SslContext tls = null;
        for (Listener listener : config.listeners()) {
            SecurityProtocol protocol = SecurityProtocol.of(config.securityProtocol(listener));
            if (protocol.usesTls() && tls == null) {
                tls = TlsContexts.server(config);
            }
            listeners.put(listener.name(), new ListenerSecurity(listener.name(), protocol,
                    protocol.usesTls() ? tls : null));
        }
        return new BrokerSecurity(listeners, config, ScramCredentialStore.open(dataDir),
                AclAuthorizer.open(config, dataDir));
    }

    /** How the listener named {@code listenerName} secures its connections. */
    public ListenerSecurity listener(String listenerName) {
        ListenerSecurity security = listeners.get(listenerName);
        if (security == null) {
            throw new IllegalArgumentException("no listener is named " + listenerName);
        }
        return security;
    }

    /** True when every listener is PLAINTEXT. */
    public boolean isPlaintextOnly() {
        for (ListenerSecurity listener : listeners.values()) {
            if (listener.protocol() != SecurityProtocol.PLAINTEXT) {
                return false;
            }
        }
        return true;
    }

    /** One line for the start-up log: what protects this broker, or that nothing does. */
    public String describe() {
        if (isPlaintextOnly() && !authorizer.isEnabled()) {
            return "no security configured: PLAINTEXT only, no authentication, every client may do everything "
                    + "(see docs/security.md)";
        }
        boolean sasl = false;
        for (ListenerSecurity listener : listeners.values()) {
            sasl |= listener.protocol().usesSasl();
        }
        return (sasl ? "SASL mechanisms " + mechanisms + "; " : "no SASL listener; ")
                + (authorizer.isEnabled() ? "ACL authorizer on" : "no authorizer: authenticated clients may do "
                + "everything");
    }

    /** The SASL mechanisms on offer, as SaslHandshake lists them. */
    public List<String> mechanisms() {
        return mechanisms;
    }

    /** A new server exchange for {@code mechanism}, or {@code null} when it is not on offer. */
    public SaslExchange newExchange(String mechanism) {
        if (!mechanisms.contains(mechanism)) {
            return null;
        }
        if (mechanism.equals("PLAIN")) {
            return new PlainExchange(credentials, fakeSaltKey);
        }
        ScramMechanism scram = ScramMechanism.forName(mechanism);
        return scram == null ? null : new ScramExchange(scram, credentials, fakeSaltKey, random);
    }

    /** {@code connections.max.reauth.ms}; 0 when sessions never expire. */
    public long reauthMillis() {
        return reauthMillis;
    }

    /** How long a failed authentication's answer is held back. */
    public long failureDelayMillis() {
        return failureDelayMillis;
    }

    /** The SCRAM credentials of every user. */
    public ScramCredentialStore credentials() {
        return credentials;
    }

    /** The ACL authorizer; disabled when no authorizer.class.name is configured. */
    public AclAuthorizer authorizer() {
        return authorizer;
    }

    /** Runs {@code work} on the security thread. */
    public <T> CompletableFuture<T> submit(Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        agent.execute(() -> {
            try {
                result.complete(work.call());
            } catch (Exception | Error e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Stops the security thread after the work already handed to it. */
    @Override
    public void close() {
        runner.close();
    }
}
