/**
 * COCO captioning metrics equal to pycocoevalcap: its PTB tokenization (Stanford CoreNLP 3.4.1's
 * {@code PTBTokenizer -preserveLines -lowerCase}, then its punctuation list removed), corpus BLEU-1
 * to BLEU-4, ROUGE-L and CIDEr-D, with per-image scores. Entry point: {@link
 * ai.taskaware.metrics.caption.CaptionScorer}.
 *
 * <p>The scorers reproduce the reference code's arithmetic, including its quirks: BLEU's 1e-15 and
 * 1e-9 guards, ROUGE-L's split on single spaces (an empty caption is one empty token), CIDEr-D's
 * length penalty on bigram counts, and numpy's pairwise summation for means.
 */
package ai.taskaware.metrics.caption;
