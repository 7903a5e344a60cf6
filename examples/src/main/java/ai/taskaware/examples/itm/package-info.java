/**
 * {@code taskaware itm}: image–text matching on MMVP-VLM or Winoground with a CLIP or Stable
 * Diffusion cross-attention scorer, through benchmarks-vqa's runners (the paper's Table 1).
 */
package ai.taskaware.examples.itm;
