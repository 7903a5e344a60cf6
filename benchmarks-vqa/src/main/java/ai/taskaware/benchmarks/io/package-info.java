/**
 * Reading benchmark files as published: JSON, JSON Lines and CSV with line numbers in every error,
 * and dataset-relative paths that may not leave the dataset root.
 */
package ai.taskaware.benchmarks.io;
