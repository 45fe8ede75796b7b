package io.runnel.broker;

/**
 * The broker could not start for a reason outside its configuration's syntax: the port is taken, the data
 * directory cannot be created or is used by another broker. The message is one line fit for an operator.
 */
public final class BrokerStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BrokerStartException(String message, Throwable cause) {
        super(message, cause);
    }

    public BrokerStartException(String message) {
        super(message);
    }
}
