/**
 * The {@code taskaware} command line: {@link ai.taskaware.examples.Taskaware} is the entry point
 * and {@link ai.taskaware.examples.TaskawareCommand} the top command listing every subcommand.
 */
package ai.taskaware.examples;
