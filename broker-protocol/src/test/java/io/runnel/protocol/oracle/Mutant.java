package io.runnel.protocol.oracle;

/**
 * A damaged copy of a valid message.
 *
 * @param bytes           the damaged bytes
 * @param mustBeMalformed whether every correct decoder has to reject them (for example a length that runs past
 *                        the end of the input); otherwise decoding may succeed or fail, but only with a typed error
 * @param description     what was done, for failure reports
 */
public record Mutant(byte[] bytes, boolean mustBeMalformed, String description) {
}
