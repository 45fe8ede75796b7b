package io.runnel.broker.group.consumer;

import io.runnel.broker.group.core.GroupException;
import io.runnel.broker.group.core.TopicMetadataImage;
import io.runnel.protocol.ErrorCode;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns a member's subscription (topic names, a regular expression) into the ids of the existing topics it covers.
 *
 * <p>Regular expressions use {@link java.util.regex.Pattern} and must match the whole topic name, as Kafka's RE2/J
 * matching does. Kafka's RE2/J syntax is a subset of Java's for everything clients write in practice (classes,
 * alternation, quantifiers, anchors); Java additionally accepts back-references and look-arounds, which Kafka rejects.
 * Internal topics ({@code __consumer_offsets}, {@code __transaction_state}) are never matched by a regex, as in Kafka;
 * they can still be subscribed to by name.
 */
final class SubscriptionResolver {

    private static final Set<String> INTERNAL_TOPICS = Set.of("__consumer_offsets", "__transaction_state");

    private final Map<String, Pattern> patterns = new HashMap<>();

    /** The compiled {@code regex}; INVALID_REGULAR_EXPRESSION when it does not compile. */
    static Pattern compile(String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new GroupException(ErrorCode.INVALID_REGULAR_EXPRESSION,
                    "SubscribedTopicRegex " + regex + " is not a valid regular expression: " + e.getDescription());
        }
    }

    /** The ids of the topics in {@code topics} that {@code names} or {@code regex} (either may be empty/null) cover. */
    Set<UUID> resolve(List<String> names, String regex, TopicMetadataImage topics) {
        Set<UUID> ids = new HashSet<>();
        for (String name : names) {
            topics.byName(name).ifPresent(topic -> ids.add(topic.id()));
        }
        if (regex != null && !regex.isEmpty()) {
            Pattern pattern = patterns.computeIfAbsent(regex, SubscriptionResolver::compile);
            for (TopicMetadataImage.Topic topic : topics.topics()) {
                if (!INTERNAL_TOPICS.contains(topic.name()) && pattern.matcher(topic.name()).matches()) {
                    ids.add(topic.id());
                }
            }
        }
        return ids;
    }

    /** Whether any of {@code members} subscribes to {@code topic}: by name, or through a regex that matches it now. */
    static boolean anySubscribes(Collection<ConsumerGroupMember> members, String topic, TopicMetadataImage topics) {
        Optional<TopicMetadataImage.Topic> known = topics.byName(topic);
        for (ConsumerGroupMember member : members) {
            if (member.subscribedTopicNames().contains(topic)
                    || (known.isPresent() && member.subscribedTopicIds().contains(known.get().id()))) {
                return true;
            }
        }
        return false;
    }

    /** Drops compiled patterns no member uses any more. */
    void retainOnly(Set<String> regexesInUse) {
        patterns.keySet().retainAll(regexesInUse);
    }
}
