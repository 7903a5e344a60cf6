/**
 * {@code taskaware bench}: throughput of each component on this machine, with generated
 * checkpoints.
 */
package ai.taskaware.examples.bench;
