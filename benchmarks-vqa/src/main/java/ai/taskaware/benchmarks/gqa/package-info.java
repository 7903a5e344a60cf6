/**
 * GQA testdev-balanced (Hudson &amp; Manning): {@code testdev_balanced_questions.json} (question id
 * → question with {@code imageId}, {@code question}, {@code answer}, {@code isBalanced}, {@code
 * types}) and {@code images/{imageId}.jpg}. Prompted as LLaVA's {@code llava_gqa_testdev_balanced}
 * question file prompts, predictions normalized as {@code scripts/convert_gqa_for_eval.py}, and
 * scored as GQA's official {@code eval.py} scores accuracy: exact match over balanced questions.
 */
package ai.taskaware.benchmarks.gqa;
