package ai.taskaware.examples.eval;

import ai.taskaware.clip.ClipRuntime;
import ai.taskaware.clip.vision.ClipVisionEncoder;
import ai.taskaware.core.checkpoint.CheckpointFingerprint;
import ai.taskaware.core.checkpoint.config.LlamaConfig;
import ai.taskaware.core.graph.WeightPolicy;
import ai.taskaware.core.model.VisualEncoder;
import ai.taskaware.core.model.VqaModel;
import ai.taskaware.core.provenance.Provenance;
import ai.taskaware.core.runtime.OnnxModelCache;
import ai.taskaware.core.runtime.RuntimeOptions;
import ai.taskaware.diffusion.DiffusionVisualEncoder;
import ai.taskaware.diffusion.ExtractorOptions;
import ai.taskaware.diffusion.FeatureRequest;
import ai.taskaware.examples.cli.CliInputException;
import ai.taskaware.llm.generation.PromptOverflow;
import ai.taskaware.llm.llama.LinearWeights;
import ai.taskaware.llm.llama.LlamaModel;
import ai.taskaware.llm.prompt.ConversationTemplate;
import ai.taskaware.llm.prompt.LlamaTokenizer;
import ai.taskaware.llm.vqa.LlavaProjector;
import ai.taskaware.llm.vqa.LlavaStyleVqaModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Assembles a LLaVA-1.5-style {@link VqaModel} from user checkpoint folders: a LLaMA/Vicuna folder,
 * a visual encoder (a CLIP vision tower with LLaVA's feature selection, or a Stable Diffusion tap
 * conditioned on the question), and LLaVA's {@code mm_projector} from safetensors. Cheap checks run
 * first (files present, projector tensors and shapes) so a bad option fails before a model loads.
 *
 * @param llm the LLaMA-family folder ({@code config.json}, safetensors, {@code tokenizer.json})
 * @param vision {@code clip=DIR} or {@code sd=DIR}
 * @param projector {@code FILE.safetensors} or {@code FILE:PREFIX}
 * @param taps the SD tap (exactly one), ignored for CLIP
 * @param timesteps SD timesteps (averaged)
 * @param guidance SD guidance scale
 * @param tokenGrid SD token grid side
 * @param noiseSeed SD noise seed
 * @param linearWeights how the LLM's linear layers are held
 * @param cache the ONNX graph cache of every model
 */
record VqaModelAssembly(
    Path llm,
    String vision,
    String projector,
    List<String> taps,
    List<Integer> timesteps,
    double guidance,
    int tokenGrid,
    long noiseSeed,
    LinearWeights linearWeights,
    OnnxModelCache cache) {

  /** The vision options: which encoder and its folder. */
  record Vision(boolean stableDiffusion, Path folder) {}

  /** The {@code --vision} value parsed. */
  Vision parsedVision() {
    if (vision == null) {
      throw new CliInputException(
          "--vision is required for a VQA benchmark: clip=DIR (a CLIP vision tower, e.g."
              + " openai/clip-vit-large-patch14-336) or sd=DIR (a diffusers Stable Diffusion"
              + " folder, with --tap)");
    }
    int eq = vision.indexOf('=');
    String kind = eq < 0 ? "" : vision.substring(0, eq);
    if (!kind.equals("clip") && !kind.equals("sd")) {
      throw new CliInputException("--vision " + vision + ": expected clip=DIR or sd=DIR");
    }
    Path folder = Path.of(vision.substring(eq + 1));
    if (!Files.isDirectory(folder)) {
      throw new CliInputException("--vision " + vision + ": " + folder + " is not a folder");
    }
    return new Vision(kind.equals("sd"), folder);
  }

  /** Checks the options that need no model loaded; returns the projector. */
  LlavaProjector checkedProjector() {
    if (llm == null) {
      throw new CliInputException(
          "--llm DIR is required for a VQA benchmark (a LLaMA/Vicuna Hugging Face folder, e.g."
              + " lmsys/vicuna-7b-v1.5)");
    }
    for (String file : List.of("config.json", "tokenizer.json")) {
      if (!Files.isRegularFile(llm.resolve(file))) {
        throw new CliInputException("--llm " + llm + ": no " + file);
      }
    }
    parsedVision();
    if (projector == null) {
      throw new CliInputException(
          "--projector FILE.safetensors[:PREFIX] is required for a VQA benchmark (LLaVA's"
              + " mm_projector converted to safetensors)");
    }
    return LlavaProjector.load(projector);
  }

  /**
   * Opens the model around {@code proj} (from {@link #checkedProjector()}); the caller closes it.
   */
  VqaModel open(LlavaProjector proj) {
    LlamaConfig config = LlamaConfig.read(llm.resolve("config.json"));
    // the LLM side is checked before the encoder loads, the encoder side once it has
    proj.requireSizes(proj.inputSize(), config.hiddenSize());
    Vision v = parsedVision();
    VisualEncoder encoder = v.stableDiffusion() ? openDiffusion(v.folder()) : openClip(v.folder());
    LlamaModel model = null;
    LlamaTokenizer tokenizer = null;
    try {
      proj.requireSizes(encoder.featureSize(), config.hiddenSize());
      model =
          LlamaModel.load(
              llm,
              new LlamaModel.Options(RuntimeOptions.cpu(), WeightPolicy.KEEP_AND_CAST, cache)
                  .withLinearWeights(linearWeights));
      tokenizer = LlamaTokenizer.load(llm.resolve("tokenizer.json"), config);
      return new LlavaStyleVqaModel(
          model,
          tokenizer,
          encoder,
          proj,
          ConversationTemplate.VICUNA_V1,
          v.stableDiffusion(),
          PromptOverflow.FAIL);
    } catch (RuntimeException e) {
      closeQuietly(tokenizer);
      closeQuietly(model);
      encoder.close();
      throw e;
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception suppressed) {
      // already failing: the first error is the one to report
    }
  }

  private VisualEncoder openClip(Path folder) {
    return ClipVisionEncoder.forLlava(
        folder, new ClipRuntime(RuntimeOptions.cpu(), Optional.ofNullable(cache)));
  }

  private VisualEncoder openDiffusion(Path folder) {
    if (taps == null || taps.size() != 1) {
      throw new CliInputException(
          "--vision sd=…: give exactly one --tap (a U-Net tap such as U-L1-R1-B0-Cross-Q), got "
              + (taps == null ? "none" : taps));
    }
    FeatureRequest request =
        FeatureRequest.of(taps.get(0))
            .withTimesteps(timesteps.toArray(Integer[]::new))
            .withGuidanceScale(guidance)
            .withTokenGrid(tokenGrid)
            .withNoiseSeed(noiseSeed);
    return DiffusionVisualEncoder.open(
        folder, ExtractorOptions.defaults().withCache(cache), request);
  }

  /** {@code provenance} with the fingerprints and options of the assembled model. */
  Provenance describe(Provenance provenance) {
    Vision v = parsedVision();
    Provenance p =
        provenance
            .withCheckpoint("llm", CheckpointFingerprint.of(llm))
            .withCheckpoint("projector", CheckpointFingerprint.of(projectorFile()))
            .withOption("llm", llm.toAbsolutePath().toString())
            .withOption("vision", vision)
            .withOption("projector", projector)
            .withOption("linear_weights", linearWeights.name());
    if (v.stableDiffusion()) {
      return p.withCheckpoint(
              "stable_diffusion_unet", CheckpointFingerprint.of(v.folder().resolve("unet")))
          .withOption("tap", taps.get(0))
          .withOption("timesteps", new ArrayList<>(timesteps))
          .withOption("guidance", guidance)
          .withOption("token_grid", tokenGrid)
          .withSeed("noise", noiseSeed);
    }
    return p.withCheckpoint("clip_vision", CheckpointFingerprint.of(v.folder()));
  }

  private Path projectorFile() {
    Path whole = Path.of(projector);
    int colon = projector.lastIndexOf(':');
    return Files.isRegularFile(whole) || colon <= 0
        ? whole
        : Path.of(projector.substring(0, colon));
  }
}
