/**
 * LLaVA-Bench-in-the-Wild (liuhaotian/llava-bench-in-the-wild): 60 questions on 24 images in
 * categories conv, detail and complex, reviewed by GPT-4 against GPT-4's reference answers. Files:
 * {@code questions.jsonl}, {@code context.jsonl}, {@code answers_gpt4.jsonl}, {@code images/}. The
 * review request and score parsing follow haotian-liu/LLaVA {@code
 * llava/eval/eval_gpt_review_bench.py} with {@code llava/eval/table/rule.json}; the relative scores
 * follow {@code llava/eval/summarize_gpt_review.py}.
 */
package ai.taskaware.benchmarks.llavabench;
