/**
 * {@code runnel groups ...}: consumer groups through {@link io.runnel.client.RunnelAdmin}: list, describe with
 * members and per-partition lag, offset resets (a dry run unless {@code --execute}) and delete.
 */
package io.runnel.cli.group;
