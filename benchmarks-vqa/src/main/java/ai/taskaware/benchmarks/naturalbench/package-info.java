/**
 * NaturalBench (BaiqiL/NaturalBench, scored by Baiqi-Li/NaturalBench {@code naturalbench_vqa.py}):
 * 1,900 samples of two questions × two images whose answers differ across the pair.
 *
 * <p>The Hugging Face release is Parquet only (images embedded). This package reads the JSON Lines
 * export of it that the module README documents: one {@code naturalbench.jsonl} line per row with
 * every column as published ({@code Index}, {@code Question_0}, {@code Question_1}, {@code
 * Image_0_Question_0}, {@code Image_1_Question_0}, {@code Image_0_Question_1}, {@code
 * Image_1_Question_1}, {@code Question_Type}, {@code Source}) and {@code Image_0}/{@code Image_1}
 * replaced by the dataset-relative paths the images were saved to.
 */
package ai.taskaware.benchmarks.naturalbench;
