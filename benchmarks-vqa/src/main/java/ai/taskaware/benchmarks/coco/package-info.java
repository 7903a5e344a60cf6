/**
 * COCO Captions (Karpathy test split or any COCO-format caption annotations), captioned through
 * {@code ai.taskaware.core.model.Captioner} and scored with {@code taskaware-metrics}' {@code
 * CaptionScorer} as pycocoevalcap's {@code COCOEvalCap} scores it (BLEU-1..4, ROUGE-L, CIDEr-D).
 *
 * <p>A conditioning prompt can be given per image ({@link
 * ai.taskaware.benchmarks.coco.CaptionPrompts}): none, one fixed text, the image's own first
 * caption, or — the paper's prompt-leakage study — the first caption of another image chosen by a
 * seeded derangement, so that a model which copies its prompt is caught scoring low.
 */
package ai.taskaware.benchmarks.coco;
