package io.runnel.protocol.oracle;

/** Whether a message body is a request or a response. */
public enum Direction {
    REQUEST, RESPONSE;

    /** "Request" or "Response", as in Kafka's message class names. */
    public String suffix() {
        return this == REQUEST ? "Request" : "Response";
    }
}
