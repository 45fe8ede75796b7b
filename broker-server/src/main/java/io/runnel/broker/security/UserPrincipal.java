package io.runnel.broker.security;

/**
 * Who a connection acts for, as Kafka writes it: {@code User:alice}. Unauthenticated connections (PLAINTEXT, and SSL
 * without a client certificate) are {@code User:ANONYMOUS}; SSL with a client certificate is the certificate's
 * distinguished name, {@code User:CN=app,O=example}.
 *
 * @param type the principal type; {@code User} for every principal Runnel makes
 * @param name the user name or distinguished name; {@code *} in an ACL matches every user
 */
public record UserPrincipal(String type, String name) {
    public static final String USER_TYPE = "User";
    /** The principal of a connection that has not authenticated. */
    public static final UserPrincipal ANONYMOUS = new UserPrincipal(USER_TYPE, "ANONYMOUS");
    /** In an ACL: every user. */
    public static final UserPrincipal WILDCARD = new UserPrincipal(USER_TYPE, "*");

    public UserPrincipal {
        if (type.isEmpty() || type.indexOf(':') >= 0) {
            throw new IllegalArgumentException("principal type " + type + " must be non-empty and without ':'");
        }
    }

    /** A {@code User:} principal. */
    public static UserPrincipal user(String name) {
        return new UserPrincipal(USER_TYPE, name);
    }

    /**
     * Parses {@code Type:name}.
     *
     * @throws IllegalArgumentException naming the text when it has no type
     */
    public static UserPrincipal parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("principal " + text + " must look like User:name");
        }
        return new UserPrincipal(text.substring(0, colon), text.substring(colon + 1));
    }

    @Override
    public String toString() {
        return type + ":" + name;
    }
}
