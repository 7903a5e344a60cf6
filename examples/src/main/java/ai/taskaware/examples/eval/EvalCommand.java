package ai.taskaware.examples.eval;

import ai.taskaware.benchmarks.blink.BlinkDataset;
import ai.taskaware.benchmarks.blink.BlinkRunner;
import ai.taskaware.benchmarks.blink.BlinkSubtasks;
import ai.taskaware.benchmarks.coco.CaptionPrompts;
import ai.taskaware.benchmarks.coco.CocoCaptionDataset;
import ai.taskaware.benchmarks.coco.CocoCaptionRunner;
import ai.taskaware.benchmarks.coco.CocoImage;
import ai.taskaware.benchmarks.gqa.GqaDataset;
import ai.taskaware.benchmarks.gqa.GqaRunner;
import ai.taskaware.benchmarks.harness.RunSettings;
import ai.taskaware.benchmarks.judge.AnswerJudge;
import ai.taskaware.benchmarks.judge.ChatCompletionsJudge;
import ai.taskaware.benchmarks.judge.ChatCompletionsSettings;
import ai.taskaware.benchmarks.judge.ChatJudge;
import ai.taskaware.benchmarks.judge.ExactMatchJudge;
import ai.taskaware.benchmarks.judge.OptionMatchJudge;
import ai.taskaware.benchmarks.llavabench.LlavaBenchDataset;
import ai.taskaware.benchmarks.llavabench.LlavaBenchRunner;
import ai.taskaware.benchmarks.mmvp.MmvpDataset;
import ai.taskaware.benchmarks.mmvp.MmvpGrader;
import ai.taskaware.benchmarks.mmvp.MmvpRunner;
import ai.taskaware.benchmarks.mmvpvlm.MmvpVlmDataset;
import ai.taskaware.benchmarks.mmvpvlm.MmvpVlmRunner;
import ai.taskaware.benchmarks.naturalbench.NaturalBenchDataset;
import ai.taskaware.benchmarks.naturalbench.NaturalBenchRunner;
import ai.taskaware.benchmarks.report.RunReport;
import ai.taskaware.benchmarks.winoground.WinogroundDataset;
import ai.taskaware.benchmarks.winoground.WinogroundRunner;
import ai.taskaware.clip.ClipRuntime;
import ai.taskaware.core.image.RgbImage;
import ai.taskaware.core.model.Captioner;
import ai.taskaware.core.model.GenerationSettings;
import ai.taskaware.core.model.ImageTextScorer;
import ai.taskaware.core.model.VqaModel;
import ai.taskaware.core.provenance.Provenance;
import ai.taskaware.core.runtime.OnnxModelCache;
import ai.taskaware.core.runtime.RuntimeOptions;
import ai.taskaware.examples.cli.CliInputException;
import ai.taskaware.examples.cli.JudgeEndpointOptions;
import ai.taskaware.examples.cli.TaskawareSubcommand;
import ai.taskaware.examples.eval.EvalBenchmark.Family;
import ai.taskaware.examples.eval.EvalBenchmark.Judge;
import ai.taskaware.examples.itm.ImageTextScorers;
import ai.taskaware.llm.llama.LinearWeights;
import ai.taskaware.llm.vqa.LlavaProjector;
import ai.taskaware.llm.vqa.LlavaStyleVqaModel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code taskaware eval BENCHMARK}: one benchmark through benchmarks-vqa's runner with a model
 * assembled from checkpoint folders — a LLaVA-style VQA model ({@code --llm}, {@code --vision},
 * {@code --projector}) for the VQA and captioning benchmarks, an image–text scorer ({@code
 * --scorer}, {@code --checkpoint}) for MMVP-VLM and Winoground. {@code --out} gets the runner's
 * files (the resumable item log {@code predictions.jsonl}, {@code predictions.json}, {@code
 * summary.json}, {@code report.json} with provenance, {@code report.md}) and {@code
 * eval-settings.json}, which makes a re-run with other settings refuse to resume the log.
 */
@Command(
    name = "eval",
    description = {
      "Evaluate a model on a benchmark folder as published: mmvp, naturalbench, blink, gqa,"
          + " llava-bench, coco (a VQA model from --llm, --vision, --projector) or mmvp-vlm,"
          + " winoground (an image-text scorer from --scorer, --checkpoint).",
      "Resumes the item log in --out (a killed or --limit run continues where it stopped);"
          + " --fresh starts over. Judges: exact, option, openai (OPENAI_API_KEY, OPENAI_BASE_URL,"
          + " OPENAI_JUDGE_MODEL from the environment; every exchange cached in --judge-cache)."
    })
public final class EvalCommand extends TaskawareSubcommand {

  /** The file recording the settings a run in {@code --out} was made with. */
  static final String SETTINGS_FILE = "eval-settings.json";

  /** LLaVA-1.5's COCO/Flickr caption instruction (its paper's response-format prompts). */
  static final String CAPTION_PROMPT = "Provide a one-sentence caption for the provided image.";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Parameters(
      index = "0",
      paramLabel = "BENCHMARK",
      converter = BenchmarkConverter.class,
      description = "mmvp, naturalbench, blink, gqa, llava-bench, coco, mmvp-vlm or winoground.")
  EvalBenchmark benchmark;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "DIR",
      description = "The benchmark folder as published (see benchmarks-vqa/README.md).")
  Path data;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Folder of the item log, predictions, summary and report.")
  Path out;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Evaluate the first N items only (a smoke run; a later run resumes).")
  Integer limit;

  @Option(
      names = "--workers",
      defaultValue = "1",
      paramLabel = "N",
      description = "Items evaluated concurrently (default ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--fresh", description = "Discard the item log in --out and start over.")
  boolean fresh;

  @Option(
      names = "--llm",
      paramLabel = "DIR",
      description =
          "VQA: a LLaMA/Vicuna Hugging Face folder (config.json, safetensors, tokenizer.json).")
  Path llm;

  @Option(
      names = "--vision",
      paramLabel = "clip=DIR|sd=DIR",
      description =
          "VQA: a CLIP vision tower (LLaVA-1.5 features: hidden_states[-2] without CLS) or a"
              + " diffusers Stable Diffusion folder (question-conditioned U-Net features at --tap).")
  String vision;

  @Option(
      names = "--projector",
      paramLabel = "FILE[:PREFIX]",
      description =
          "VQA: LLaVA's mm_projector as safetensors (mlp2x_gelu or linear; tensors under"
              + " model.mm_projector. unless PREFIX says otherwise).")
  String projector;

  @Option(
      names = "--tap",
      split = ",",
      paramLabel = "TAP",
      description = "--vision sd: the U-Net tap, e.g. U-L1-R1-B0-Cross-Q.")
  List<String> taps;

  @Option(
      names = "--timestep",
      split = ",",
      paramLabel = "T",
      description =
          "--vision sd: timesteps, averaged (default 50); --scorer sd-*: scoring timesteps"
              + " (default the paper's 189,389,589,789,989).")
  List<Integer> timesteps;

  @Option(
      names = "--guidance",
      defaultValue = "1",
      paramLabel = "S",
      description =
          "--vision sd: guidance scale s in X_u + s(X_c - X_u) (default ${DEFAULT-VALUE}).")
  double guidance;

  @Option(
      names = "--token-grid",
      defaultValue = "16",
      paramLabel = "G",
      description = "--vision sd: spatial taps resized to GxG tokens (default ${DEFAULT-VALUE}).")
  int tokenGrid;

  @Option(
      names = "--noise-seed",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "--vision sd: seed of the noise added to the latents (default ${DEFAULT-VALUE}).")
  long noiseSeed;

  @Option(
      names = "--linear-weights",
      defaultValue = "float32",
      converter = LinearWeightsConverter.class,
      paramLabel = "FORMAT",
      description =
          "VQA: how the LLM's linear layers are held: float32, half_resident or int4_block32"
              + " (default float32).")
  LinearWeights linearWeights;

  @Option(
      names = "--judge",
      paramLabel = "exact|option|openai",
      description =
          "How answers are judged (default the benchmark's official judge: openai for mmvp,"
              + " blink, llava-bench; option for naturalbench; exact for gqa).")
  String judge;

  @Mixin JudgeEndpointOptions judgeEndpoint;

  @Option(
      names = "--max-new-tokens",
      paramLabel = "N",
      description = "Most generated tokens per answer (default the official script's).")
  Integer maxNewTokens;

  @Option(
      names = "--temperature",
      paramLabel = "T",
      description = "0 for greedy decoding (default the official script's: 0.2 for mmvp, else 0).")
  Double temperature;

  @Option(
      names = "--seed",
      defaultValue = "0",
      paramLabel = "N",
      description = "Sampler seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--subtasks",
      split = ",",
      paramLabel = "NAME",
      description = "blink: the subtasks (default every subtask folder in --data).")
  List<String> subtasks;

  @Option(
      names = "--caption-prompt",
      defaultValue = CAPTION_PROMPT,
      paramLabel = "TEXT",
      description = "coco: the instruction the model captions with (default LLaVA-1.5's).")
  String captionPrompt;

  @Option(
      names = "--caption-conditioning",
      defaultValue = "instruction",
      paramLabel = "MODE",
      description =
          "coco: what the Stable Diffusion encoder is conditioned on while the model captions:"
              + " instruction (the caption instruction, as every other question; default),"
              + " own-caption (the image's first reference), mismatched-caption[:SEED] (another"
              + " image's first reference, the paper's prompt-leakage study), fixed:TEXT, or none"
              + " (unconditional).")
  String captionConditioning;

  @Option(
      names = "--split",
      defaultValue = "test",
      paramLabel = "NAME",
      description = "coco with Karpathy's dataset_coco.json: the split (default ${DEFAULT-VALUE}).")
  String split;

  @Option(
      names = "--scorer",
      paramLabel = "clip|sd-xattn|sd-discffusion",
      description = "mmvp-vlm, winoground: the image-text scorer.")
  String scorer;

  @Option(
      names = "--checkpoint",
      paramLabel = "DIR",
      description =
          "mmvp-vlm, winoground: the scorer's folder (a CLIPModel folder, or a diffusers Stable"
              + " Diffusion folder for sd-*).")
  Path checkpoint;

  @Option(
      names = "--seeds",
      split = ",",
      paramLabel = "N",
      description = "--scorer sd-*: noise trials (default the paper's 0,1,2).")
  List<Long> seeds;

  @Option(
      names = "--onnx-cache",
      paramLabel = "DIR",
      description =
          "Where compiled model graphs are kept (default $TASKAWARE_CACHE/onnx or"
              + " ~/.cache/taskaware/onnx).")
  Path onnxCache;

  /** For picocli. */
  public EvalCommand() {}

  @Override
  protected void execute() throws Exception {
    if (workers < 1) {
      throw new CliInputException("--workers: expected at least 1, got " + workers);
    }
    if (limit != null && limit < 1) {
      throw new CliInputException("--limit: expected at least 1, got " + limit);
    }
    Judge judgeKind = judgeKind();
    checkData();
    Provenance provenance =
        Provenance.of("taskaware eval")
            .withOption("benchmark", benchmark.label)
            .withOption("data", data.toAbsolutePath().normalize())
            .withOption("judge", judgeKind == null ? "none" : judgeKind.label);
    if (benchmark.family == Family.ITM) {
      rejectVqaOptions();
      runImageTextMatching(provenance);
    } else {
      rejectItmOptions();
      runVqa(provenance, judgeKind);
    }
    Path report = out.resolve(RunReport.MARKDOWN);
    out().print(Files.readString(report, StandardCharsets.UTF_8));
    out().println(out.resolve(RunSettings.SUMMARY).toAbsolutePath());
  }

  private void checkData() {
    if (!Files.isDirectory(data)) {
      throw new CliInputException("--data " + data + ": not a folder");
    }
    for (String file : benchmark.requiredFiles) {
      if (!Files.exists(data.resolve(file))) {
        throw new CliInputException(
            "--data "
                + data
                + ": no "
                + file
                + " ("
                + benchmark.label
                + "'s folder holds "
                + String.join(", ", benchmark.requiredFiles)
                + ")");
      }
    }
  }

  private Judge judgeKind() {
    if (judge == null) {
      return benchmark.officialJudge;
    }
    Judge chosen = null;
    for (Judge j : Judge.values()) {
      if (j.label.equals(judge)) {
        chosen = j;
      }
    }
    if (chosen == null) {
      throw new CliInputException("--judge " + judge + ": expected exact, option or openai");
    }
    if (benchmark.judges.isEmpty()) {
      throw new CliInputException(
          "--judge: "
              + benchmark.label
              + (benchmark.family == Family.ITM
                  ? " is scored by image-text matching"
                  : " is scored by caption metrics (BLEU, ROUGE-L, CIDEr-D)")
              + "; no judge applies");
    }
    if (!benchmark.judges.contains(chosen)) {
      throw new CliInputException(
          "--judge "
              + judge
              + ": "
              + benchmark.label
              + " takes "
              + benchmark.judges
              + " — "
              + judgeRationale());
    }
    return chosen;
  }

  private String judgeRationale() {
    return switch (benchmark) {
      case LLAVA_BENCH ->
          "its official review (eval_gpt_review_bench.py) asks GPT-4 to rate each answer against"
              + " GPT-4's own; configure an OpenAI-compatible judge with OPENAI_API_KEY (and"
              + " OPENAI_BASE_URL for another server, OPENAI_JUDGE_MODEL for another model)";
      case GQA -> "GQA's official metric is exact match of the normalized answer (eval.py)";
      case NATURALBENCH ->
          "NaturalBench's official rule (naturalbench_vqa.py extract_answer) matches yes/no or"
              + " the option letter";
      case BLINK ->
          "BLINK's official rule (analyze_answer) matches the option, with GPT-3.5 as fallback"
              + " (openai)";
      default -> "";
    };
  }

  private void rejectVqaOptions() {
    Map<String, Object> given = new TreeMap<>();
    given.put("--llm", llm);
    given.put("--vision", vision);
    given.put("--projector", projector);
    given.put("--tap", taps);
    given.forEach(
        (name, value) -> {
          if (value != null) {
            throw new CliInputException(
                name
                    + ": "
                    + benchmark.label
                    + " evaluates an image-text scorer (--scorer, --checkpoint), not a VQA model");
          }
        });
  }

  private void rejectItmOptions() {
    if (scorer != null || checkpoint != null || seeds != null) {
      throw new CliInputException(
          (scorer != null ? "--scorer" : checkpoint != null ? "--checkpoint" : "--seeds")
              + ": "
              + benchmark.label
              + " evaluates a VQA model (--llm, --vision, --projector), not an image-text scorer");
    }
  }

  private OnnxModelCache cache() {
    return onnxCache == null ? new OnnxModelCache() : new OnnxModelCache(onnxCache);
  }

  private <T> List<T> limited(List<T> items) {
    return limit == null ? items : items.subList(0, Math.min(limit, items.size()));
  }

  private void runImageTextMatching(Provenance provenance) throws IOException {
    if (scorer == null) {
      throw new CliInputException(
          "--scorer is required for " + benchmark.label + ": clip, sd-xattn or sd-discffusion");
    }
    ImageTextScorers.Kind kind;
    try {
      kind = ImageTextScorers.Kind.of(scorer);
    } catch (IllegalArgumentException e) {
      throw new CliInputException("--scorer: " + e.getMessage());
    }
    if (checkpoint == null || !Files.isDirectory(checkpoint)) {
      throw new CliInputException(
          "--checkpoint "
              + (checkpoint == null ? "DIR is required" : checkpoint + ": not a folder")
              + " (--scorer "
              + kind
              + " reads "
              + (kind.stableDiffusion()
                  ? "a diffusers Stable Diffusion folder)"
                  : "a transformers CLIPModel folder)"));
    }
    Provenance p =
        ImageTextScorers.withCheckpoint(provenance, kind, checkpoint)
            .withOption("scorer", kind.label());
    if (timesteps != null) {
      p = p.withOption("timesteps", timesteps);
    }
    if (seeds != null) {
      p = p.withOption("seeds", seeds);
    }
    RunSettings settings = settings(p);
    // datasets load before the scorer opens, so data errors come without a model load
    if (benchmark == EvalBenchmark.MMVP_VLM) {
      var pairs = limited(MmvpVlmDataset.load(data));
      try (ImageTextScorer s = openScorer(kind);
          ProgressBar bar = progress(benchmark + " " + kind, -1)) {
        MmvpVlmRunner.run(s, pairs, withBar(settings, bar));
      }
    } else {
      var examples = limited(WinogroundDataset.load(data));
      try (ImageTextScorer s = openScorer(kind);
          ProgressBar bar = progress(benchmark + " " + kind, -1)) {
        WinogroundRunner.run(s, examples, withBar(settings, bar));
      }
    }
  }

  private ImageTextScorer openScorer(ImageTextScorers.Kind kind) {
    return ImageTextScorers.open(
        kind,
        checkpoint,
        new ClipRuntime(RuntimeOptions.cpu(), Optional.of(cache())),
        timesteps,
        seeds);
  }

  private void runVqa(Provenance provenance, Judge judgeKind) throws IOException {
    VqaModelAssembly assembly =
        new VqaModelAssembly(
            llm,
            vision,
            projector,
            taps,
            timesteps == null ? List.of(50) : timesteps,
            guidance,
            tokenGrid,
            noiseSeed,
            linearWeights,
            cache());
    LlavaProjector projection = assembly.checkedProjector();
    GenerationSettings generation = generation();
    Provenance p = assembly.describe(provenance).withOption("generation", generation);
    ChatJudge chat = null;
    if (judgeKind == Judge.OPENAI) {
      ChatCompletionsSettings judgeSettings = chatSettings();
      p =
          p.withOption("judge_endpoint", judgeSettings.endpoint())
              .withOption("judge_model", judgeSettings.model().orElse("the official script's"));
      chat = ChatCompletionsJudge.create(judgeSettings);
    }
    if (benchmark == EvalBenchmark.COCO) {
      p = p.withOption("caption_prompt", captionPrompt);
      CaptionPrompts conditioning = captionConditioning();
      if (conditioning != null && !assembly.parsedVision().stableDiffusion()) {
        throw new CliInputException(
            "--caption-conditioning "
                + captionConditioning
                + ": needs a task-aware encoder (--vision sd=DIR); a CLIP tower takes no prompt");
      }
      p = p.withOption("caption_conditioning", captionConditioning);
    }
    RunSettings settings = settings(p);
    Runnable run = vqaRun(assembly, projection, judgeKind, chat, generation, settings);
    run.run();
  }

  /** Loads the data and judge first, so their errors come before a model load. */
  private Runnable vqaRun(
      VqaModelAssembly assembly,
      LlavaProjector projection,
      Judge judgeKind,
      ChatJudge chat,
      GenerationSettings g,
      RunSettings s) {
    String task = benchmark.label;
    return switch (benchmark) {
      case MMVP -> {
        var questions = limited(MmvpDataset.load(data, false));
        AnswerJudge answerJudge =
            switch (judgeKind) {
              case OPENAI -> MmvpGrader.using(chat);
              case OPTION -> new OptionMatchJudge();
              case EXACT -> new ExactMatchJudge();
            };
        yield () ->
            withModel(
                assembly,
                projection,
                task,
                (m, r) -> MmvpRunner.run(m, answerJudge, questions, g, r),
                s);
      }
      case NATURALBENCH -> {
        var samples = limited(NaturalBenchDataset.load(data));
        yield () ->
            withModel(
                assembly, projection, task, (m, r) -> NaturalBenchRunner.run(m, samples, g, r), s);
      }
      case BLINK -> {
        var questions = limited(BlinkDataset.load(data, blinkSubtasks()));
        ChatJudge matcher = chat;
        yield () ->
            withModel(
                assembly,
                projection,
                task,
                (m, r) -> BlinkRunner.run(m, matcher, questions, g, r),
                s);
      }
      case GQA -> {
        var questions = limited(GqaDataset.load(data, true));
        yield () ->
            withModel(assembly, projection, task, (m, r) -> GqaRunner.run(m, questions, g, r), s);
      }
      case LLAVA_BENCH -> {
        var questions = limited(LlavaBenchDataset.load(data));
        ChatJudge reviewer = chat;
        yield () ->
            withModel(
                assembly,
                projection,
                task,
                (m, r) -> LlavaBenchRunner.run(m, reviewer, questions, g, r),
                s);
      }
      case COCO -> {
        List<CocoImage> images = limited(cocoImages());
        yield () ->
            withModel(
                assembly,
                projection,
                task,
                (m, r) -> {
                  CaptionPrompts conditioning = captionConditioning();
                  return CocoCaptionRunner.run(
                      captioner(m, g, conditioning != null),
                      images,
                      conditioning == null ? CaptionPrompts.none() : conditioning,
                      r);
                },
                s);
      }
      default -> throw new IllegalStateException(benchmark + " is not a VQA benchmark");
    };
  }

  /** A runner call given the model and the settings with progress. */
  private interface ModelRun {
    Object run(VqaModel model, RunSettings settings);
  }

  private void withModel(
      VqaModelAssembly assembly,
      LlavaProjector projection,
      String task,
      ModelRun run,
      RunSettings s) {
    try (VqaModel model = assembly.open(projection);
        ProgressBar bar = progress(task, -1)) {
      run.run(model, withBar(s, bar));
    }
  }

  /**
   * Captions through the VQA model with the caption instruction. The encoder sees the instruction
   * too, unless {@code conditioned}: then it sees the runner's conditioning prompt (an empty one is
   * unconditional).
   */
  private Captioner captioner(VqaModel model, GenerationSettings generation, boolean conditioned) {
    String instruction = captionPrompt;
    return new Captioner() {
      @Override
      public String caption(RgbImage image, String conditioningPrompt) {
        if (conditioned && model instanceof LlavaStyleVqaModel llava) {
          return llava.answer(List.of(image), instruction, List.of(conditioningPrompt), generation);
        }
        return model.answer(List.of(image), instruction, generation);
      }

      @Override
      public void close() {
        // the model is closed by its owner
      }
    };
  }

  /**
   * The {@code --caption-conditioning} prompts, or null for {@code instruction} (the encoder is
   * conditioned on the caption instruction like on any question).
   */
  private CaptionPrompts captionConditioning() {
    String mode = captionConditioning.strip();
    if (mode.equals("instruction")) {
      return null;
    }
    if (mode.equals("none")) {
      return CaptionPrompts.none();
    }
    if (mode.equals("own-caption")) {
      return CaptionPrompts.ownCaption();
    }
    if (mode.startsWith("fixed:") && mode.length() > "fixed:".length()) {
      return CaptionPrompts.fixed(mode.substring("fixed:".length()));
    }
    if (mode.equals("mismatched-caption") || mode.startsWith("mismatched-caption:")) {
      String seed = mode.substring("mismatched-caption".length());
      try {
        return CaptionPrompts.mismatchedCaption(
            seed.isEmpty() ? 0 : Long.parseLong(seed.substring(1)));
      } catch (NumberFormatException e) {
        throw new CliInputException(
            "--caption-conditioning " + captionConditioning + ": the seed must be an integer");
      }
    }
    throw new CliInputException(
        "--caption-conditioning "
            + captionConditioning
            + ": expected instruction, none, own-caption, mismatched-caption[:SEED] or fixed:TEXT");
  }

  private List<CocoImage> cocoImages() {
    Path coco = data.resolve("captions_val2014.json");
    if (Files.isRegularFile(coco)) {
      return CocoCaptionDataset.load(coco, data);
    }
    Path karpathy = data.resolve("dataset_coco.json");
    if (Files.isRegularFile(karpathy)) {
      return CocoCaptionDataset.load(karpathy, data, split);
    }
    throw new CliInputException(
        "--data "
            + data
            + ": no captions_val2014.json (COCO format) nor dataset_coco.json (Karpathy's"
            + " splits), next to the image folder");
  }

  private List<String> blinkSubtasks() {
    if (subtasks != null) {
      return subtasks;
    }
    List<String> present = new ArrayList<>();
    for (String name : BlinkSubtasks.ALL) {
      if (Files.isDirectory(data.resolve(name))) {
        present.add(name);
      }
    }
    if (present.isEmpty()) {
      throw new CliInputException(
          "--data "
              + data
              + ": no BLINK subtask folder (expected e.g. Art_Style/ with val.jsonl or"
              + " val-00000-of-00001.parquet)");
    }
    return present;
  }

  private ChatCompletionsSettings chatSettings() {
    return judgeEndpoint
        .settings(out.resolve("judge-cache"), System::getenv)
        .orElseThrow(
            () ->
                new CliInputException(
                    "--judge openai: no judge configured. "
                        + officialJudgeSentence()
                        + " Set "
                        + ChatCompletionsSettings.API_KEY_VARIABLE
                        + " (OpenAI), or "
                        + ChatCompletionsSettings.BASE_URL_VARIABLE
                        + " (or --judge-url) for another OpenAI-compatible server (with the key if"
                        + " it needs one); "
                        + ChatCompletionsSettings.MODEL_VARIABLE
                        + " asks another model than the script's."
                        + deterministicAlternative()));
  }

  private String officialJudgeSentence() {
    return switch (benchmark) {
      case LLAVA_BENCH ->
          "LLaVA-Bench's official review needs GPT-4 (eval_gpt_review_bench.py rates each"
              + " answer against GPT-4's own).";
      case MMVP -> "MMVP's official grader is GPT-4 (gpt_grader.py says yes/no per answer).";
      case BLINK ->
          "BLINK's official answer matching falls back to GPT-3.5 (multiple_choice.py) when its"
              + " rules find no option.";
      default -> "";
    };
  }

  private String deterministicAlternative() {
    return switch (benchmark) {
      case MMVP ->
          " Or pass --judge option for deterministic option matching (not comparable with"
              + " published numbers).";
      case BLINK -> " Or pass --judge option for the rules alone (a lower bound).";
      default -> "";
    };
  }

  private GenerationSettings generation() {
    try {
      return new GenerationSettings(
          maxNewTokens != null ? maxNewTokens : benchmark.maxNewTokens,
          temperature != null ? temperature : benchmark.temperature,
          1,
          0,
          seed,
          List.of());
    } catch (IllegalArgumentException e) {
      throw new CliInputException("generation options: " + e.getMessage(), e);
    }
  }

  /** The run settings; refuses to resume a log written with other settings. */
  private RunSettings settings(Provenance provenance) throws IOException {
    Map<String, Object> identity = new TreeMap<>();
    identity.put("checkpoints", provenance.checkpoints());
    identity.put("options", provenance.options());
    identity.put("seeds", provenance.seeds());
    JsonNode wanted = JSON.valueToTree(identity);
    Path settingsFile = out.resolve(SETTINGS_FILE);
    Path log = out.resolve(RunSettings.LOG);
    if (!fresh && Files.exists(log) && Files.isRegularFile(settingsFile)) {
      JsonNode before = JSON.readTree(settingsFile.toFile());
      if (!before.equals(wanted)) {
        throw new CliInputException(
            "--out "
                + out
                + " holds a run with other settings ("
                + settingsFile
                + " differs: "
                + difference(before, wanted)
                + "); pass --fresh to start over or choose another --out");
      }
    }
    try {
      Files.createDirectories(out);
      JSON.writeValue(settingsFile.toFile(), wanted);
    } catch (IOException e) {
      throw new UncheckedIOException("--out " + out + ": cannot write " + settingsFile, e);
    }
    Provenance withRun = provenance.withOption("workers", workers);
    if (limit != null) {
      withRun = withRun.withOption("limit", limit);
    }
    return new RunSettings(out, !fresh, withRun, null, workers);
  }

  private static String difference(JsonNode before, JsonNode wanted) {
    List<String> diffs = new ArrayList<>();
    for (String section : List.of("checkpoints", "options", "seeds")) {
      JsonNode a = before.path(section);
      JsonNode b = wanted.path(section);
      TreeMap<String, Boolean> keys = new TreeMap<>();
      a.fieldNames().forEachRemaining(k -> keys.put(k, true));
      b.fieldNames().forEachRemaining(k -> keys.put(k, true));
      for (String k : keys.keySet()) {
        if (!a.path(k).equals(b.path(k))) {
          diffs.add(k + " " + a.path(k) + " → " + b.path(k));
        }
      }
    }
    return String.join("; ", diffs);
  }

  private static RunSettings withBar(RunSettings s, ProgressBar bar) {
    return new RunSettings(
        s.outputDir(),
        s.resume(),
        s.provenance(),
        (stage, done, total) -> {
          if (total > 0) {
            bar.maxHint(total);
          }
          bar.stepTo(done);
        },
        s.workers(),
        s.bootstrap());
  }

  /** Parses {@link LinearWeights} names in either case. */
  static final class LinearWeightsConverter implements ITypeConverter<LinearWeights> {
    @Override
    public LinearWeights convert(String value) {
      for (LinearWeights w : LinearWeights.values()) {
        if (w.name().equalsIgnoreCase(value.replace('-', '_'))) {
          return w;
        }
      }
      throw new TypeConversionException(
          "expected float32, half_resident or int4_block32, got '" + value + "'");
    }
  }

  /** Parses benchmark labels. */
  static final class BenchmarkConverter implements ITypeConverter<EvalBenchmark> {
    @Override
    public EvalBenchmark convert(String value) {
      for (EvalBenchmark b : EvalBenchmark.values()) {
        if (b.label.equals(value)) {
          return b;
        }
      }
      throw new TypeConversionException(
          "unknown benchmark '" + value + "'; expected one of " + EvalBenchmark.labels());
    }
  }
}
