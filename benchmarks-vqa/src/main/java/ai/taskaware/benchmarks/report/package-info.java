/**
 * Run reports: percentile-bootstrap confidence intervals on every score a benchmark's official
 * scorer produces (resampling the benchmark's own units: questions, pairs or samples, stratified
 * where a score averages over subtasks), a paired bootstrap to compare two runs on the same items,
 * and a Markdown table per run.
 */
package ai.taskaware.benchmarks.report;
