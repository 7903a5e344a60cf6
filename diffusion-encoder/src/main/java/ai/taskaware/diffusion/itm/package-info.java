/**
 * Image–text matching with Stable Diffusion's cross-attention (the paper's Table 1): {@link
 * ai.taskaware.diffusion.itm.CrossAttentionScorer} with the paper's LogSumExp pooling of attention
 * maps and DiscFFusion's pooling of attention logits, scored over seeded noise trials, and {@link
 * ai.taskaware.diffusion.itm.WordAttentionMaps}, per-word cross-attention maps for figures.
 */
package ai.taskaware.diffusion.itm;
