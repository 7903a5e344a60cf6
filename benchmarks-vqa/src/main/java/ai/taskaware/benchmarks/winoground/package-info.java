/**
 * Winoground (facebook/winoground): 400 examples of two images and two captions with the same words
 * in a different order. Files: {@code examples.jsonl} and {@code images/{name}.png} (the dataset
 * card's {@code data/} folder with {@code images.zip} extracted). Text, image and group scores with
 * strict {@code >}: ties are wrong.
 */
package ai.taskaware.benchmarks.winoground;
