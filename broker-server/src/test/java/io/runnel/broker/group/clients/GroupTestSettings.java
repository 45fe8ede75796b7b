package io.runnel.broker.group.clients;

import java.util.Map;

/** Broker settings that make groups settle fast in tests (and Kafka's small minimum session timeouts). */
final class GroupTestSettings {
    static final Map<String, String> FAST = Map.of(
            "group.initial.rebalance.delay.ms", "0",
            "group.consumer.heartbeat.interval.ms", "100",
            "group.consumer.session.timeout.ms", "3000",
            "group.min.session.timeout.ms", "500");

    private GroupTestSettings() {
    }
}
