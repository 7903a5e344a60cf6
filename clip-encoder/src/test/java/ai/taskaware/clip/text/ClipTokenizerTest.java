package ai.taskaware.clip.text;

import static ai.taskaware.clip.text.TinyClipVocabulary.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.taskaware.clip.ClipException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CLIP tokenization through DJL from tokenizer.json and from vocab.json + merges.txt. */
class ClipTokenizerTest {
  @TempDir Path temp;

  private static final String TEXT = "  Hello,\tCAT!!  42\n dogs ";

  /** By hand: lower-cased, whitespace removed, BPE with </w> ends, digits one by one. */
  private static long[] expectedContent() {
    return new long[] {
      id("hello</w>"),
      id(",</w>"),
      id("cat</w>"),
      id("!"),
      id("!</w>"),
      id("4</w>"),
      id("2</w>"),
      id("do"),
      id("g"),
      id("s</w>")
    };
  }

  @Test
  void vocabAndMergesFolderFollowsClipRulesAndPadsWithExclamationMark() throws Exception {
    Path folder = TinyClipVocabulary.writeSlowFiles(temp.resolve("sd2"), "!");
    try (ClipTokenizer tokenizer = ClipTokenizer.open(folder)) {
      assertThat(tokenizer.contentIds(TEXT)).containsExactly(expectedContent());
      assertThat(tokenizer.padId()).isEqualTo(id("!")).isZero();
      ClipTokenizer.Batch batch = tokenizer.tokenize(List.of(TEXT, ""));
      long[] row = batch.inputIds().getRow(0).toLongVector();
      assertThat(row).hasSize(77);
      assertThat(row[0]).isEqualTo(id("<|startoftext|>"));
      assertThat(Arrays.copyOfRange(row, 1, 11)).containsExactly(expectedContent());
      assertThat(row[11]).isEqualTo(id("<|endoftext|>"));
      assertThat(Arrays.copyOfRange(row, 12, 77)).containsOnly(0L);
      assertThat(batch.attentionMask().getRow(0).toLongVector())
          .containsExactly(LongStream.range(0, 77).map(i -> i < 12 ? 1 : 0).toArray());
      long[] empty = batch.inputIds().getRow(1).toLongVector();
      assertThat(empty[0]).isEqualTo(id("<|startoftext|>"));
      assertThat(empty[1]).isEqualTo(id("<|endoftext|>"));
      assertThat(Arrays.copyOfRange(empty, 2, 77)).containsOnly(0L);
      assertThat(batch.tokenCounts()).containsExactly(12, 2);
    }
  }

  @Test
  void tokenizerJsonGivesTheSameIdsAndOpenAiClipPadsWithEos() throws Exception {
    Path slow = TinyClipVocabulary.writeSlowFiles(temp.resolve("slow"), null);
    Path fast = TinyClipVocabulary.writeTokenizerJson(temp.resolve("fast"), "<|endoftext|>");
    List<String> texts =
        List.of(TEXT, "the cat's dog", "ÉCOLE café", "a  b\u00a0c", "hello hello hello", "x.y,z");
    try (ClipTokenizer a = ClipTokenizer.open(slow);
        ClipTokenizer b = ClipTokenizer.open(fast)) {
      assertThat(a.padId()).isEqualTo(a.eosId()).isEqualTo(id("<|endoftext|>"));
      assertThat(b.padId()).isEqualTo(b.eosId());
      assertThat(b.bosId()).isEqualTo(id("<|startoftext|>"));
      assertThat(b.contentIds(TEXT)).containsExactly(expectedContent());
      for (String text : texts) {
        assertThat(a.contentIds(text)).as(text).containsExactly(b.contentIds(text));
      }
      long[] row = b.tokenize(List.of("cat")).inputIds().getRow(0).toLongVector();
      assertThat(Arrays.copyOfRange(row, 2, 77)).containsOnly((long) id("<|endoftext|>"));
    }
  }

  @Test
  void diffusersPipelineFolderIsFoundThroughItsTokenizerSubfolder() throws Exception {
    TinyClipVocabulary.writeSlowFiles(temp.resolve("pipeline/tokenizer"), "!");
    try (ClipTokenizer tokenizer = ClipTokenizer.open(temp.resolve("pipeline"))) {
      assertThat(tokenizer.folder()).isEqualTo(temp.resolve("pipeline/tokenizer"));
    }
  }

  @Test
  void longTextsAreTruncatedKeepingEosOrRefusedInStrictMode() throws Exception {
    Path folder = TinyClipVocabulary.writeSlowFiles(temp.resolve("t"), "!");
    String longText = "cat ".repeat(100);
    try (ClipTokenizer tokenizer = ClipTokenizer.open(folder)) {
      ClipTokenizer.Batch batch = tokenizer.tokenize(List.of(longText));
      long[] row = batch.inputIds().getRow(0).toLongVector();
      assertThat(row[0]).isEqualTo(id("<|startoftext|>"));
      assertThat(Arrays.copyOfRange(row, 1, 76)).containsOnly((long) id("cat</w>"));
      assertThat(row[76]).isEqualTo(id("<|endoftext|>"));
      assertThat(batch.tokenCounts()).containsExactly(102);
      assertThat(batch.attentionMask().getRow(0).toLongVector()).containsOnly(1L);
      // exactly 75 content tokens fit without truncation
      String fits = "cat ".repeat(75);
      assertThat(tokenizer.tokenize(List.of(fits)).inputIds().getRow(0).getLong(76))
          .isEqualTo(id("<|endoftext|>"));
    }
    try (ClipTokenizer strict =
        ClipTokenizer.open(
            folder, new ClipTokenizer.Options(77, ClipTokenizer.Truncation.STRICT))) {
      assertThat(strict.tokenize(List.of("cat ".repeat(75))).tokenCounts()).containsExactly(77);
      assertThatThrownBy(() -> strict.tokenize(List.of("ok", longText)))
          .isInstanceOf(ClipException.class)
          .hasMessageContaining("text 1")
          .hasMessageContaining("102 tokens")
          .hasMessageContaining("77");
    }
  }

  @Test
  void missingOrBrokenTokenizerFilesAreTypedErrorsNamingTheFile() throws Exception {
    Path empty = Files.createDirectories(temp.resolve("empty"));
    assertThatThrownBy(() -> ClipTokenizer.open(empty))
        .isInstanceOf(ClipException.class)
        .hasMessageContaining(empty.toString())
        .hasMessageContaining("tokenizer.json")
        .hasMessageContaining("vocab.json and merges.txt");

    Path onlyVocab = TinyClipVocabulary.writeSlowFiles(temp.resolve("only-vocab"), null);
    Files.delete(onlyVocab.resolve("merges.txt"));
    assertThatThrownBy(() -> ClipTokenizer.open(onlyVocab))
        .isInstanceOf(ClipException.class)
        .hasMessageContaining("merges.txt");

    Path badPad = TinyClipVocabulary.writeSlowFiles(temp.resolve("bad-pad"), "<pad>");
    assertThatThrownBy(() -> ClipTokenizer.open(badPad))
        .isInstanceOf(ClipException.class)
        .hasMessageContaining("vocab.json")
        .hasMessageContaining("pad_token \"<pad>\"");

    Path badMerges = TinyClipVocabulary.writeSlowFiles(temp.resolve("bad-merges"), null);
    Files.writeString(badMerges.resolve("merges.txt"), "#version: 0.2\nh e\nh e l\n");
    assertThatThrownBy(() -> ClipTokenizer.open(badMerges))
        .isInstanceOf(ClipException.class)
        .hasMessageContaining("merges.txt")
        .hasMessageContaining("line 3");

    Path broken = Files.createDirectories(temp.resolve("broken"));
    Files.writeString(broken.resolve("tokenizer.json"), "{not json");
    assertThatThrownBy(() -> ClipTokenizer.open(broken))
        .isInstanceOf(ClipException.class)
        .hasMessageContaining("tokenizer.json");
  }
}
