/**
 * {@code taskaware score-captions} (pycocoevalcap's BLEU, ROUGE-L, CIDEr-D on COCO-format files)
 * and {@code taskaware cka} (CKA between two saved representations); both write a result file with
 * provenance.
 */
package ai.taskaware.examples.scoring;
