package io.runnel.protocol.oracle;

/** Hex renderings of byte arrays for failure messages. */
public final class HexDump {
    private HexDump() {
    }

    /** Up to {@code length} bytes from {@code from} as "0010: 00 01 ff ..", 16 a line. */
    public static String window(byte[] bytes, int from, int length) {
        StringBuilder sb = new StringBuilder();
        int start = Math.max(0, from);
        int end = Math.min(bytes.length, start + length);
        for (int i = start; i < end; i++) {
            if ((i - start) % 16 == 0) {
                sb.append('\n').append(String.format("  %06x:", i));
            }
            sb.append(String.format(" %02x", bytes[i] & 0xff));
        }
        if (end < bytes.length) {
            sb.append(" ... (").append(bytes.length - end).append(" more)");
        }
        return sb.length() == 0 ? " (none)" : sb.toString();
    }

    /** Index of the first byte where the arrays differ, or -1 when they are equal. */
    public static int firstDifference(byte[] expected, byte[] actual) {
        int n = Math.min(expected.length, actual.length);
        for (int i = 0; i < n; i++) {
            if (expected[i] != actual[i]) {
                return i;
            }
        }
        return expected.length == actual.length ? -1 : n;
    }

    /**
     * A report of how {@code actual} differs from {@code expected}: lengths, first differing offset and a hex
     * window of both around it; empty when equal.
     */
    public static String difference(byte[] expected, byte[] actual) {
        int at = firstDifference(expected, actual);
        if (at < 0) {
            return "";
        }
        int from = Math.max(0, (at - 16) & ~15);
        return "first difference at offset " + at + " (0x" + Integer.toHexString(at) + "); expected "
                + expected.length + " bytes, actual " + actual.length + " bytes"
                + "\n expected (Kafka):" + window(expected, from, 64)
                + "\n actual (Runnel):" + window(actual, from, 64);
    }
}
