/**
 * Group churn under faults: members in child JVMs join, leave, are killed and frozen while connections are cut and
 * the broker restarts. Invariant checked from the members' own reports: no partition has two owners in a group at
 * once, fenced members cannot commit, every record is consumed at least once, commits never go backwards.
 */
package io.runnel.reliability.churn;
