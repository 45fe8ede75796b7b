package io.runnel.protocol;

/**
 * Thrown when bytes on the wire cannot be decoded: a length that runs past the end of the buffer, a negative or
 * absurd count, an unterminated varint. Decoders throw only this for bad input, never an index or memory error,
 * so a broker can answer with an error code or close the connection instead of dying.
 */
public class MalformedMessageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message) {
        super(message);
    }

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
