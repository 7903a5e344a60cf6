/**
 * Figures drawn with Java2D into images and written as PNG: labelled image grids ({@link
 * ai.taskaware.metrics.figure.ImageGrid}), attention heatmaps blended over an image ({@link
 * ai.taskaware.metrics.figure.AttentionOverlay}) and CKA matrix heatmaps with a colour bar ({@link
 * ai.taskaware.metrics.figure.MatrixHeatmap}), coloured with {@link
 * ai.taskaware.metrics.figure.Colormap#VIRIDIS}.
 *
 * <p>Everything renders into off-screen images and works without a display: the classes set {@code
 * java.awt.headless=true} when nobody has chosen otherwise, and text uses the logical font {@code
 * SansSerif}, which every JDK maps to an installed face.
 */
package ai.taskaware.metrics.figure;
