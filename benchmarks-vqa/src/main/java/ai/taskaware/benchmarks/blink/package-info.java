/**
 * BLINK (zeyofu/BLINK_Benchmark, data BLINK-Benchmark/BLINK): 14 perception subtasks, multiple
 * choice over up to four images, scored on the val split as {@code eval/test_benchmark.py}'s {@code
 * analyze_answer} and {@code eval/evaluate.py}'s {@code eval_prediction} score it.
 *
 * <p>Read as the Hugging Face hub publishes it: one config per subtask, {@code
 * <Subtask>/val-00000-of-00001.parquet} with the columns {@code idx}, {@code question}, {@code
 * sub_task}, {@code image_1}…{@code image_4} (the {@code datasets} image struct with the encoded
 * bytes, null where a question has fewer images), {@code choices}, {@code answer} and {@code
 * prompt}. A folder export ({@code <Subtask>/val.jsonl} with the same columns and the images
 * replaced by dataset-relative paths) is read as well. Existing prediction files ({@code {idx:
 * "(X)"}}) are scored against {@code val_answers.json} directly.
 */
package ai.taskaware.benchmarks.blink;
