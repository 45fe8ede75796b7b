/**
 * The broker's configuration: every broker key typed, defaulted and validated ({@link
 * io.runnel.broker.config.BrokerConfig}, {@link io.runnel.broker.config.ConfigKey}), the table of topic-level keys
 * ({@link io.runnel.broker.config.TopicConfigKey}) that defines each key in one place, and what DescribeConfigs and
 * IncrementalAlterConfigs need to report and change them.
 *
 * <p>Invariants: a configuration is immutable once built and every value in it has passed its key's checks, so
 * readers need no locking and no re-validation; a topic-level value is parsed by the rules of the broker key it
 * defaults from, so a topic accepts exactly what the broker does. No I/O here beyond reading a properties file.
 */
package io.runnel.broker.config;
