package io.runnel.broker.network;

import io.runnel.broker.security.ConnectionSession;
import io.runnel.protocol.ApiKey;
import io.runnel.protocol.message.RequestHeader;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * What a handler knows about one request besides its body: the API and version, the decoded header and the
 * client's address.
 *
 * @param apiKey        the API of the request
 * @param apiVersion    the version the client sent; for an ApiVersions request newer than the broker knows this is
 *                      that version, and the body is an empty v0 body
 * @param header        the request header as decoded
 * @param clientAddress the remote address of the connection
 * @param session       who is on the connection and through which listener; touched on its event loop
 */
public record RequestContext(ApiKey apiKey, short apiVersion, RequestHeader header, SocketAddress clientAddress,
                             ConnectionSession session) {
    /** A request on an anonymous PLAINTEXT connection (in-process callers and tests). */
    public RequestContext(ApiKey apiKey, short apiVersion, RequestHeader header, SocketAddress clientAddress) {
        this(apiKey, apiVersion, header, clientAddress, ConnectionSession.anonymous(hostOf(clientAddress)));
    }

    /** The IP address of {@code address} as text, or its text when it is not an IP socket address. */
    public static String hostOf(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(address);
    }

    /** The correlation id the response must carry. */
    public int correlationId() {
        return header.correlationId();
    }

    /** The client id from the header, or {@code null}. */
    public String clientId() {
        return header.clientId();
    }

    /** True when the version is within what the broker decodes and answers for this API. */
    public boolean isVersionSupported() {
        return apiKey.isVersionSupported(apiVersion);
    }

    @Override
    public String toString() {
        return apiKey.apiName() + " v" + apiVersion + " (correlation id " + header.correlationId() + ", client "
                + header.clientId() + " at " + clientAddress + ")";
    }
}
