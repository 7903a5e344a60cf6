/**
 * MMVP-VLM (tsb0601/MMVP {@code scripts/evaluate_vlm.py}): 9 visual patterns × 15 pairs of images,
 * one statement per image, for image–text scorers such as CLIP. Files: {@code Questions.csv}
 * (question id, type, statement) and {@code MLLM_VLM Images/{type}/{id}.jpg}.
 */
package ai.taskaware.benchmarks.mmvpvlm;
