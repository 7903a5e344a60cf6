/**
 * Running a model over a benchmark: an append-only JSON Lines log of per-item results that a re-run
 * resumes from (a killed run loses at most the item in flight), progress reporting, and the summary
 * result file with its provenance.
 */
package ai.taskaware.benchmarks.harness;
