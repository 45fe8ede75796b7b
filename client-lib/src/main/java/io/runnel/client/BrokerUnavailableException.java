package io.runnel.client;

import java.net.InetSocketAddress;

/**
 * A broker could not be reached, or its connection closed before the request was answered. Every request in
 * flight or queued on that connection fails with this exception, which names the broker's address. Retriable: the
 * client reconnects with backoff.
 */
public class BrokerUnavailableException extends RunnelException {
    private static final long serialVersionUID = 1L;

    private final transient InetSocketAddress address;

    /**
     * @param address the broker's address, null when no address was known (an unknown node id)
     * @param message why; names the address
     */
    public BrokerUnavailableException(InetSocketAddress address, String message, Throwable cause) {
        super(message, cause);
        this.address = address;
    }

    /** The broker address that failed, or null when the client did not know one. */
    public InetSocketAddress address() {
        return address;
    }

    /** Always true: the broker may come back. */
    @Override
    public boolean isRetriable() {
        return true;
    }
}
