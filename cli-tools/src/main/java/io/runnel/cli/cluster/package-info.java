/**
 * {@code runnel cluster} and {@code runnel api-versions}: what the cluster is made of and which protocol versions
 * its brokers speak.
 */
package io.runnel.cli.cluster;
