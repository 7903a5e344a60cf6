package ai.taskaware.llm.prompt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Prompts with images, as LLaVA handles them: {@link #tokenize} is {@code tokenizer_image_token}
 * (mm_utils.py) and {@link #embed} is the splice of {@code prepare_inputs_labels_for_multimodal}
 * (features of image i replace the i-th placeholder).
 */
public final class ImagePrompt {

  /** LLaVA's {@code DEFAULT_IMAGE_TOKEN}. */
  public static final String IMAGE_PLACEHOLDER = "<image>";

  /** LLaVA's {@code IMAGE_TOKEN_INDEX}: the id that marks where image features go. */
  public static final long IMAGE_TOKEN_INDEX = -200;

  private ImagePrompt() {}

  /**
   * Token ids of {@code prompt} with {@link #IMAGE_TOKEN_INDEX} at each {@code <image>}: the text
   * is split at the placeholders, each chunk tokenized on its own (so each starts as a fresh
   * sequence), and the BOS of the first chunk kept once.
   */
  public static long[] tokenize(LlamaTokenizer tokenizer, String prompt) {
    String[] chunks = prompt.split(IMAGE_PLACEHOLDER, -1);
    List<long[]> ids = new ArrayList<>();
    for (String c : chunks) {
      ids.add(tokenizer.encode(c));
    }
    int offset = 0;
    List<Long> out = new ArrayList<>();
    long[] first = ids.get(0);
    if (first.length > 0 && first[0] == tokenizer.bosId()) {
      offset = 1;
      out.add(first[0]);
    }
    for (int i = 0; i < ids.size(); i++) {
      if (i > 0) {
        out.add(IMAGE_TOKEN_INDEX);
      }
      long[] chunk = ids.get(i);
      for (int j = Math.min(offset, chunk.length); j < chunk.length; j++) {
        out.add(chunk[j]);
      }
    }
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  /** Number of {@link #IMAGE_TOKEN_INDEX} entries in {@code ids}. */
  public static int placeholders(long[] ids) {
    return (int) Arrays.stream(ids).filter(i -> i == IMAGE_TOKEN_INDEX).count();
  }

  /**
   * Checks that {@code ids} hold one placeholder per image.
   *
   * @throws ImageCountMismatchException otherwise
   */
  public static void requireImageCount(long[] ids, int images) {
    int count = placeholders(ids);
    if (count != images) {
      throw new ImageCountMismatchException(count, images);
    }
  }

  /**
   * Prompt embeddings {@code [1, S', hidden]}: text ids embedded with {@code embedTokens} ({@code
   * [1, S]} int64 → {@code [1, S, hidden]}), each placeholder replaced by all rows of its image's
   * features.
   *
   * @param imageFeatures one {@code [tokens, hidden]} (or {@code [1, tokens, hidden]}) array per
   *     placeholder, in order
   * @throws ImageCountMismatchException when placeholders and images differ in number
   * @throws IllegalArgumentException when an image's feature width is not the embedding width
   */
  public static INDArray embed(
      long[] ids, List<INDArray> imageFeatures, UnaryOperator<INDArray> embedTokens) {
    requireImageCount(ids, imageFeatures.size());
    long[] text = Arrays.stream(ids).map(i -> i == IMAGE_TOKEN_INDEX ? 0 : i).toArray();
    INDArray textEmbeds = embedTokens.apply(Nd4j.createFromArray(new long[][] {text}));
    long hidden = textEmbeds.size(2);
    List<INDArray> parts = new ArrayList<>();
    int image = 0;
    int start = 0;
    for (int i = 0; i <= ids.length; i++) {
      if (i == ids.length || ids[i] == IMAGE_TOKEN_INDEX) {
        if (i > start) {
          parts.add(
              textEmbeds.get(
                  NDArrayIndex.point(0), NDArrayIndex.interval(start, i), NDArrayIndex.all()));
        }
        if (i < ids.length) {
          INDArray f = imageFeatures.get(image);
          INDArray rows = f.rank() == 3 && f.size(0) == 1 ? f.reshape(f.size(1), f.size(2)) : f;
          if (rows.rank() != 2 || rows.size(1) != hidden) {
            throw new IllegalArgumentException(
                "image "
                    + image
                    + " features must be [tokens, "
                    + hidden
                    + "] to match the embedding width, got "
                    + Arrays.toString(f.shape()));
          }
          parts.add(rows.castTo(DataType.FLOAT));
          image++;
        }
        start = i + 1;
      }
    }
    INDArray joined = Nd4j.concat(0, parts.toArray(new INDArray[0]));
    return joined.reshape(1, joined.size(0), hidden);
  }
}
