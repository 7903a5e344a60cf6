/**
 * What every {@code taskaware} subcommand shares: the base class, the {@code --checkpoint} and
 * {@code --out} options, reading input tensors with checked names and types, progress bars on
 * stderr, and the mapping of typed errors to exit code 1 with their message.
 */
package ai.taskaware.examples.cli;
