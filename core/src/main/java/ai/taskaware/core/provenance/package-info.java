/**
 * Provenance of result files: which checkpoints (by fingerprint), options, seeds and library
 * versions produced a number, so every figure taskaware writes can be traced and reproduced.
 */
package ai.taskaware.core.provenance;
