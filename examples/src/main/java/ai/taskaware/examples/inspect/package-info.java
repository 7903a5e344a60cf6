/**
 * {@code taskaware inspect MODEL}: runs a model on inputs from a safetensors file and writes the
 * requested activations to another, under the names as given, for comparison with other frameworks.
 */
package ai.taskaware.examples.inspect;
