/**
 * {@code taskaware demo}: the paper's pipeline end to end on a generated tiny model pack (or on
 * real checkpoints) and a procedurally drawn benchmark, ending in an HTML report.
 *
 * <p>The steps are separate classes so each can be read on its own: {@link
 * ai.taskaware.examples.demo.DemoPack} (model folders, written once and fingerprinted), {@link
 * ai.taskaware.examples.demo.SyntheticBenchmark} (scenes drawn with Java2D and written in the
 * published benchmark formats), {@link ai.taskaware.examples.demo.ImageTextMatching} (the benchmark
 * runners over a list of scorers), {@link ai.taskaware.examples.demo.FeatureAnalysis} (U-Net
 * features, similarity, CKA, PCA and attention figures) and {@link
 * ai.taskaware.examples.demo.DemoReport} (the HTML page). Every number written carries a core
 * {@code ResultFile} with its provenance.
 */
package ai.taskaware.examples.demo;
