package io.runnel.client.admin;

/**
 * One group as ListGroups reported it.
 *
 * @param groupId      the group's id
 * @param type         {@code consumer} (KIP-848 protocol) or {@code classic}; empty when the broker did not say
 * @param protocolType the classic protocol type ({@code consumer} for consumer groups; empty for others)
 * @param state        the group's state ({@code Stable}, {@code Empty}, ...); empty when the broker did not say
 */
public record GroupListing(String groupId, String type, String protocolType, String state) {
}
