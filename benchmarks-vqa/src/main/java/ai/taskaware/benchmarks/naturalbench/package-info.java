/**
 * NaturalBench (BaiqiL/NaturalBench, scored by Baiqi-Li/NaturalBench {@code naturalbench_vqa.py}):
 * 1,900 samples of two questions × two images whose answers differ across the pair.
 *
 * <p>Read as the Hugging Face hub publishes it: Parquet shards {@code data/train-*.parquet} with
 * the columns {@code Index}, {@code Image_0}, {@code Image_1} (the {@code datasets} image struct
 * with the encoded bytes), {@code Question_0}, {@code Question_1}, {@code Image_0_Question_0},
 * {@code Image_1_Question_0}, {@code Image_0_Question_1}, {@code Image_1_Question_1}, {@code
 * Question_Type} and {@code Source}. A JSON Lines export ({@code naturalbench.jsonl}, one line per
 * row, {@code Image_0}/{@code Image_1} replaced by dataset-relative image paths) is read as well.
 */
package ai.taskaware.benchmarks.naturalbench;
