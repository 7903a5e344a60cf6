package ai.taskaware.examples.eval;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The benchmarks {@code taskaware eval} runs: what they evaluate (a VQA model, a captioner built
 * from it, or an image–text scorer), the files their folder must hold, the judges that fit them and
 * the decoding their official scripts use.
 */
enum EvalBenchmark {
  MMVP(
      "mmvp",
      Family.VQA,
      List.of("Questions.csv", "MMVP Images"),
      EnumSet.of(Judge.OPENAI, Judge.OPTION, Judge.EXACT),
      Judge.OPENAI,
      1024,
      0.2),
  NATURALBENCH(
      "naturalbench", Family.VQA, List.of(), EnumSet.of(Judge.OPTION), Judge.OPTION, 128, 0),
  BLINK(
      "blink", Family.VQA, List.of(), EnumSet.of(Judge.OPENAI, Judge.OPTION), Judge.OPENAI, 128, 0),
  GQA(
      "gqa",
      Family.VQA,
      List.of("testdev_balanced_questions.json", "images"),
      EnumSet.of(Judge.EXACT),
      Judge.EXACT,
      128,
      0),
  LLAVA_BENCH(
      "llava-bench",
      Family.VQA,
      List.of("questions.jsonl", "context.jsonl", "answers_gpt4.jsonl", "images"),
      EnumSet.of(Judge.OPENAI),
      Judge.OPENAI,
      1024,
      0),
  COCO("coco", Family.CAPTION, List.of(), EnumSet.noneOf(Judge.class), null, 128, 0),
  MMVP_VLM(
      "mmvp-vlm",
      Family.ITM,
      List.of("Questions.csv", "MLLM_VLM Images"),
      EnumSet.noneOf(Judge.class),
      null,
      0,
      0),
  WINOGROUND(
      "winoground",
      Family.ITM,
      List.of("examples.jsonl", "images"),
      EnumSet.noneOf(Judge.class),
      null,
      0,
      0);

  /** What a benchmark evaluates. */
  enum Family {
    /** A VQA model answers questions. */
    VQA,
    /** The VQA model captions images. */
    CAPTION,
    /** An image–text scorer ranks captions and images. */
    ITM
  }

  /** How answers are judged. */
  enum Judge {
    /** Normalized exact match. */
    EXACT("exact"),
    /** The option the answer picks, by letter or text. */
    OPTION("option"),
    /** The official GPT judge through an OpenAI-compatible endpoint. */
    OPENAI("openai");

    final String label;

    Judge(String label) {
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  final String label;
  final Family family;
  final List<String> requiredFiles;
  final Set<Judge> judges;
  final Judge officialJudge;
  final int maxNewTokens;
  final double temperature;

  EvalBenchmark(
      String label,
      Family family,
      List<String> requiredFiles,
      Set<Judge> judges,
      Judge officialJudge,
      int maxNewTokens,
      double temperature) {
    this.label = label;
    this.family = family;
    this.requiredFiles = requiredFiles;
    this.judges = judges;
    this.officialJudge = officialJudge;
    this.maxNewTokens = maxNewTokens;
    this.temperature = temperature;
  }

  @Override
  public String toString() {
    return label;
  }

  /** Every label, for messages. */
  static String labels() {
    StringBuilder s = new StringBuilder();
    for (EvalBenchmark b : values()) {
      s.append(s.length() == 0 ? "" : ", ").append(b.label);
    }
    return s.toString();
  }
}
