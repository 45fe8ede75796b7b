package io.runnel.junit;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import java.util.Optional;
import java.util.StringJoiner;

/**
 * The external-cluster switch: the value of {@value RunnelBrokerExtension#EXTERNAL_BOOTSTRAP_PROPERTY}, checked to
 * be {@code HOST:PORT[,HOST:PORT...]} before any test sees it, so a typo fails the class that uses it with the
 * value in the message instead of a client timing out later.
 */
final class ExternalBootstrap {
    private ExternalBootstrap() {
    }

    /**
     * Reads the switch.
     *
     * @param raw the property's value, or {@code null} when unset
     * @return the address list with blanks around entries removed; empty when unset or blank
     * @throws ExtensionConfigurationException when an entry is not {@code HOST:PORT} with a port in 1..65535
     */
    static Optional<String> parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        StringJoiner normalized = new StringJoiner(",");
        for (String entry : raw.split(",", -1)) {
            String address = entry.strip();
            checkAddress(address, raw);
            normalized.add(address);
        }
        return Optional.of(normalized.toString());
    }

    private static void checkAddress(String address, String raw) {
        int colon = address.lastIndexOf(':');
        String host = colon < 0 ? "" : address.substring(0, colon);
        boolean bracketed = host.startsWith("[") && host.endsWith("]");
        if (host.isEmpty() || host.equals("[]")) {
            throw invalid(raw, "'" + address + "' is not HOST:PORT");
        }
        if (!bracketed && host.indexOf(':') >= 0) {
            throw invalid(raw, "'" + address + "' is not HOST:PORT (an IPv6 host goes in brackets)");
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw invalid(raw, "'" + address + "' has no numeric port");
        }
        if (port < 1 || port > 65535) {
            throw invalid(raw, "'" + address + "' has port " + port + ", outside 1..65535");
        }
    }

    private static ExtensionConfigurationException invalid(String raw, String why) {
        return new ExtensionConfigurationException(RunnelBrokerExtension.EXTERNAL_BOOTSTRAP_PROPERTY + "='" + raw
                + "' must be HOST:PORT[,HOST:PORT...]: " + why);
    }
}
