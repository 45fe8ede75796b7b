package io.runnel.broker.group.core;

/**
 * What the coordinator needs to know about a request besides its body.
 *
 * @param apiVersion the version the request was decoded at (several answers depend on it)
 * @param clientId   the client id from the request header (member ids start with it)
 * @param clientHost the client's address as DescribeGroups shows it, e.g. {@code /127.0.0.1}
 */
public record GroupRequestContext(short apiVersion, String clientId, String clientHost) {

    public GroupRequestContext {
        if (clientId == null) {
            clientId = "";
        }
        if (clientHost == null) {
            clientHost = "";
        }
    }

    /** The same client at another API version. */
    public GroupRequestContext withVersion(short version) {
        return new GroupRequestContext(version, clientId, clientHost);
    }
}
