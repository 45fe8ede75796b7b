package io.runnel.broker.security;

/**
 * A pattern over ACLs, as DescribeAcls and DeleteAcls send it: {@code null} strings and ANY match everything;
 * pattern type MATCH matches every ACL that would apply to the named resource (literal, {@code *} and prefixes).
 */
public record AclFilter(AclResourceType resourceType, String resourceName, AclPatternType patternType,
                        String principal, String host, AclOperation operation, AclPermission permission) {
    /** True when {@code acl} matches this filter. */
    public boolean matches(AclBinding acl) {
        if (resourceType != AclResourceType.ANY && resourceType != acl.resourceType()) {
            return false;
        }
        if (!matchesPattern(acl)) {
            return false;
        }
        return (principal == null || principal.equals(acl.principal()))
                && (host == null || host.equals(acl.host()))
                && (operation == AclOperation.ANY || operation == acl.operation())
                && (permission == AclPermission.ANY || permission == acl.permission());
    }

    private boolean matchesPattern(AclBinding acl) {
        switch (patternType) {
            case ANY:
                return resourceName == null || resourceName.equals(acl.resourceName());
            case MATCH:
                return resourceName == null || acl.matchesResource(resourceName);
            case LITERAL:
            case PREFIXED:
                return patternType == acl.patternType()
                        && (resourceName == null || resourceName.equals(acl.resourceName()));
            default:
                return false;
        }
    }

    /** Why no ACL can match this filter (unknown codes), or {@code null}. */
    public String invalidReason() {
        if (resourceType == AclResourceType.UNKNOWN || patternType == AclPatternType.UNKNOWN
                || operation == AclOperation.UNKNOWN || permission == AclPermission.UNKNOWN) {
            return "Filter contains UNKNOWN elements";
        }
        return null;
    }
}
