/**
 * {@code runnel topics ...}: one class per subcommand, each a thin layer over one or two
 * {@link io.runnel.client.RunnelAdmin} calls that prints a table or the JSON documented in docs/cli.md.
 */
package io.runnel.cli.topic;
