/**
 * BLINK (zeyofu/BLINK_Benchmark, data BLINK-Benchmark/BLINK): 14 perception subtasks, multiple
 * choice over up to four images, scored on the val split as {@code eval/test_benchmark.py}'s {@code
 * analyze_answer} and {@code eval/evaluate.py}'s {@code eval_prediction} score it.
 *
 * <p>The Hugging Face release is Parquet only (one config per subtask, images embedded). This
 * package reads the folder export the module README documents: {@code <Subtask>/val.jsonl} with
 * every published column ({@code idx}, {@code question}, {@code sub_task}, {@code choices}, {@code
 * answer}, {@code prompt}, {@code explanation}) and {@code image_1}…{@code image_4} replaced by the
 * dataset-relative paths the images were saved to ({@code <Subtask>/images/{idx}_{k}.jpg}, as
 * {@code load_prompt} saves them), or null where a question has fewer images. Existing prediction
 * files ({@code {idx: "(X)"}}) are scored against {@code val_answers.json} directly.
 */
package ai.taskaware.benchmarks.blink;
