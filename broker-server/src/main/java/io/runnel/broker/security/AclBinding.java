package io.runnel.broker.security;

/**
 * One ACL: {@code principal} from {@code host} is allowed or denied {@code operation} on the resources
 * {@code resourceType}/{@code resourceName}/{@code patternType} names.
 *
 * @param resourceType TOPIC, GROUP, CLUSTER, TRANSACTIONAL_ID, DELEGATION_TOKEN or USER
 * @param resourceName the name or prefix; {@code *} with LITERAL for every resource of the type
 * @param patternType  LITERAL or PREFIXED
 * @param principal    {@code User:name}, or {@code User:*} for every user
 * @param host         the client's IP address, or {@code *} for any
 * @param operation    a concrete operation or ALL
 * @param permission   ALLOW or DENY
 */
public record AclBinding(AclResourceType resourceType, String resourceName, AclPatternType patternType,
                         String principal, String host, AclOperation operation, AclPermission permission) {
    public static final String WILDCARD = "*";
    public static final String WILDCARD_PRINCIPAL = "User:*";

    /** True when this ACL applies to the resource {@code name} (its type already matched). */
    boolean matchesResource(String name) {
        if (patternType == AclPatternType.PREFIXED) {
            return name.startsWith(resourceName);
        }
        return resourceName.equals(name) || resourceName.equals(WILDCARD);
    }

    /** True when this ACL applies to {@code principalText} connecting from {@code clientHost}. */
    boolean matchesClient(String principalText, String clientHost) {
        return (principal.equals(principalText) || principal.equals(WILDCARD_PRINCIPAL))
                && (host.equals(WILDCARD) || host.equals(clientHost));
    }

    /**
     * Why this binding cannot be stored, or {@code null} when it can: filter-only values (ANY, MATCH, UNKNOWN), an
     * empty name, a cluster resource not named {@code kafka-cluster}, a principal without a type.
     */
    public String invalidReason() {
        if (resourceType == AclResourceType.ANY || resourceType == AclResourceType.UNKNOWN) {
            return "Invalid resource type " + resourceType;
        }
        if (patternType != AclPatternType.LITERAL && patternType != AclPatternType.PREFIXED) {
            return "Invalid pattern type " + patternType;
        }
        if (operation == AclOperation.ANY || operation == AclOperation.UNKNOWN) {
            return "Invalid operation " + operation;
        }
        if (permission != AclPermission.ALLOW && permission != AclPermission.DENY) {
            return "Invalid permission type " + permission;
        }
        if (resourceName == null || resourceName.isEmpty()) {
            return "Resource name must not be empty";
        }
        if (resourceType == AclResourceType.CLUSTER && !resourceName.equals(AclResourceType.CLUSTER_NAME)) {
            return "The only valid name for the CLUSTER resource is " + AclResourceType.CLUSTER_NAME;
        }
        if (principal == null || principal.indexOf(':') <= 0) {
            return "Invalid principal " + principal + ": must look like User:name";
        }
        if (host == null || host.isEmpty()) {
            return "Host must not be empty";
        }
        return null;
    }
}
