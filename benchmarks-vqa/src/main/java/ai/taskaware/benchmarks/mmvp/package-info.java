/**
 * MMVP (tsb0601/MMVP): 150 pairs of CLIP-blind images, one multiple-choice question per image.
 * Files: {@code Questions.csv} (Index, Question, Options, Correct Answer) and {@code MMVP
 * Images/{n}.jpg}. Scored as {@code scripts/evaluate_mllm.py} and {@code scripts/gpt_grader.py} do:
 * prompt = question + " " + options; a GPT judge says yes/no per answer; a pair counts only if both
 * of its answers are graded "yes".
 */
package ai.taskaware.benchmarks.mmvp;
