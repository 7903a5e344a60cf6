package ai.taskaware.metrics.caption;

import static org.assertj.core.api.Assertions.assertThat;

import edu.stanford.nlp.process.PTBTokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * pycocoevalcap's tokenization: PTB tokens, lower case, its punctuation list dropped. The expected
 * strings were read off CoreNLP 3.4.1's command line ({@code PTBTokenizer -preserveLines
 * -lowerCase}) and the punctuation filter applied by hand.
 */
class PtbCaptionTokenizerTest {
  private final CaptionTokenizer tokenizer = CaptionTokenizer.ptb();

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        // punctuation in the list is dropped
        "A dog runs. | a dog runs",
        "Wait, what? Yes: no; maybe... | wait what yes no maybe",
        // "?!" is a single PTB token and not in the list, so it survives
        "Wait, what?! | wait what ?!",
        "~\"Quoted\" words~ | quoted words",
        // possessives and contractions are split off; the bare "'" of a plural possessive is
        // dropped
        "A man's hat. | a man 's hat",
        "Two dogs' toys | two dogs toys",
        "It can't be, isn't it | it ca n't be is n't it",
        // hyphens inside words stay, free-standing dashes are dropped
        "A well-known mother-in-law | a well-known mother-in-law",
        "left - right -- center | left right center",
        "x--y | x y",
        // parentheses become -lrb-/-rrb-; pycocoevalcap's list has them upper case, so they stay
        "A dog (big) runs | a dog -lrb- big -rrb- runs",
        "A [red] {blue} car | a -lsb- red -rsb- -lcb- blue -rcb- car",
        // numbers, money and abbreviations
        "It costs $5.00 at 3:30 | it costs $ 5.00 at 3:30",
        "Mr. Smith e.g. here | mr. smith e.g. here",
        "   LOTS   of   SPACE   | lots of space",
      })
  void tokenizesLikePycocoevalcap(String caption, String expected) {
    assertThat(tokenizer.tokenize(List.of(caption))).containsExactly(expected);
  }

  @Test
  void keepsOneLinePerCaptionWhateverItContains() {
    List<String> captions =
        List.of("first", "", "   ", "a\nb", "c\r\nd", "e\u2028f", ".", "last one.");
    assertThat(tokenizer.tokenize(captions))
        .containsExactly("first", "", "", "a b", "c d", "e f", "", "last one");
  }

  @Test
  void noneTokenizerLeavesCaptionsAlone() {
    assertThat(CaptionTokenizer.none().tokenize(List.of("A dog (big).", "")))
        .containsExactly("A dog (big).", "");
  }

  /**
   * The strongest check: CoreNLP 3.4.1's own command line, run the way pycocoevalcap runs it (a
   * file of newline-joined captions), filtered with pycocoevalcap's list, must give the same lines.
   */
  @Test
  void equalsCoreNlpCommandLineOnTrickyCaptions(@TempDir Path dir) throws Exception {
    List<String> captions =
        List.of(
            "A man's dog (big) runs.",
            "well-known e-mail, \"quoted\" ... end!",
            "Made in the U.S.",
            "A dog.",
            "Two cats' bowls; one's empty: really?",
            "a\u00a0b 3 1/2 cups, (202) 555-1212",
            "Don't stop -- won't stop",
            "@home :) #tag http://example.com/x?y=1",
            "",
            "The 1990s' \"best\" films ( sic )",
            "A CAT ON A MAT, A HAT!",
            "cafe\u0301 na\u00efve co-op re-enter",
            "",
            "trailing");
    Path input = dir.resolve("captions.txt");
    Files.writeString(input, String.join("\n", captions), StandardCharsets.UTF_8);
    String jar =
        Paths.get(PTBTokenizer.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString();
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                java,
                "-cp",
                jar,
                "edu.stanford.nlp.process.PTBTokenizer",
                "-preserveLines",
                "-lowerCase",
                input.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    List<String> lines = Arrays.asList(output.split("\n", -1));
    Set<String> punctuation =
        Set.of(
            "''", "'", "``", "`", "-LRB-", "-RRB-", "-LCB-", "-RCB-", ".", "?", "!", ",", ":", "-",
            "--", "...", ";");
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < captions.size(); i++) {
      List<String> kept = new ArrayList<>();
      for (String token : PythonText.splitOnSpace(PythonText.rstrip(lines.get(i)))) {
        if (!punctuation.contains(token)) {
          kept.add(token);
        }
      }
      expected.add(String.join(" ", kept));
    }
    assertThat(tokenizer.tokenize(captions)).containsExactlyElementsOf(expected);
    assertThat(expected.get(0)).isEqualTo("a man 's dog -lrb- big -rrb- runs");
  }

  @Test
  void pythonWhitespaceSplitTreatsNoBreakSpaceAsSpaceButRougeSplitDoesNot() throws IOException {
    assertThat(PythonText.splitWords(" 3\u00a01/2  cups\t")).containsExactly("3", "1/2", "cups");
    assertThat(PythonText.splitOnSpace("3\u00a01/2  cups"))
        .containsExactly("3\u00a01/2", "", "cups");
    assertThat(PythonText.splitOnSpace("")).containsExactly("");
  }
}
