package ai.taskaware.diffusion.unet;

import ai.taskaware.core.checkpoint.config.UNet2DConditionConfig;
import ai.taskaware.diffusion.tap.Stage;
import ai.taskaware.diffusion.tap.TapName;
import ai.taskaware.diffusion.tap.TapType;
import ai.taskaware.diffusion.tap.UnknownTapException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The architecture a {@code UNet2DConditionModel} config resolves to, computed the way diffusers'
 * constructor does: per block the resnets (with the skip channels up blocks concatenate), the
 * Transformer2DModels (heads, layers, text width) and whether a down/upsampler follows; and the
 * taps that exist. Only the SD 1.x/2.x family is accepted; anything else is rejected by name.
 */
public final class UNetLayout {

  /** Block types of the SD 1.x/2.x family. */
  static final Set<String> DOWN_TYPES = Set.of("CrossAttnDownBlock2D", "DownBlock2D");

  static final Set<String> UP_TYPES = Set.of("CrossAttnUpBlock2D", "UpBlock2D");
  static final String MID_TYPE = "UNetMidBlock2DCrossAttn";

  /**
   * A {@code ResnetBlock2D}.
   *
   * @param path its diffusers module path
   * @param inChannels input channels (for up blocks: hidden plus skip)
   * @param outChannels output channels; a 1×1 {@code conv_shortcut} exists when they differ
   */
  public record Resnet(String path, int inChannels, int outChannels) {}

  /**
   * A {@code Transformer2DModel}.
   *
   * @param path its diffusers module path
   * @param channels width in and out
   * @param heads attention heads (head dim = channels / heads)
   * @param layers transformer blocks
   * @param crossAttentionDim width of the text embeddings its cross-attention reads
   */
  public record Transformer(
      String path, int channels, int heads, int layers, int crossAttentionDim) {
    /** Width of one head. */
    public int headDim() {
      return channels / heads;
    }
  }

  /**
   * One block of the U-Net.
   *
   * @param stage down, mid or up
   * @param level index in its list (0 for the mid block)
   * @param type the diffusers class name
   * @param resnets its resnets in order
   * @param attentions its transformers in order (empty for blocks without attention)
   * @param sampler whether a down- or upsampler follows
   * @param channels output channels
   */
  public record Block(
      Stage stage,
      int level,
      String type,
      List<Resnet> resnets,
      List<Transformer> attentions,
      boolean sampler,
      int channels) {
    /** Copies the lists. */
    public Block {
      resnets = List.copyOf(resnets);
      attentions = List.copyOf(attentions);
    }

    /** The diffusers module path ({@code down_blocks.1}, {@code mid_block}). */
    public String path() {
      return stage == Stage.MID
          ? "mid_block"
          : (stage == Stage.DOWN ? "down_blocks." : "up_blocks.") + level;
    }
  }

  private final UNet2DConditionConfig config;
  private final Path configFile;
  private final int timeEmbedDim;
  private final List<Block> down;
  private final Block mid;
  private final List<Block> up;
  private final List<TapName> taps;
  private final Set<TapName> tapSet;

  private UNetLayout(
      UNet2DConditionConfig config,
      Path configFile,
      int timeEmbedDim,
      List<Block> down,
      Block mid,
      List<Block> up) {
    this.config = config;
    this.configFile = configFile;
    this.timeEmbedDim = timeEmbedDim;
    this.down = List.copyOf(down);
    this.mid = mid;
    this.up = List.copyOf(up);
    this.taps = Collections.unmodifiableList(enumerateTaps());
    this.tapSet = Set.copyOf(taps);
  }

  /**
   * Resolves {@code config} (read from {@code configFile}, named in errors).
   *
   * @throws UnsupportedUNetException naming the config key of a block type or feature outside the
   *     SD 1.x/2.x family, or of widths that do not divide into heads or norm groups
   */
  public static UNetLayout of(UNet2DConditionConfig config, Path configFile) {
    checkSupported(config, configFile);
    int n = config.downBlockTypes().size();
    List<Integer> channels = config.blockOutChannels();
    List<Integer> heads = config.headsPerBlock();
    List<Integer> layers = config.layersPerBlockPerBlock();
    List<Integer> crossDims = config.crossAttentionDimPerBlock();
    List<Integer> transformerLayers = config.transformerLayersPerBlockPerBlock();
    int groups = config.normNumGroups();
    int timeEmbedDim =
        config.timeEmbeddingDim() != null ? config.timeEmbeddingDim() : channels.get(0) * 4;

    List<Block> down = new ArrayList<>();
    int out = channels.get(0);
    for (int i = 0; i < n; i++) {
      int in = out;
      out = channels.get(i);
      String type = config.downBlockTypes().get(i);
      String path = "down_blocks." + i;
      List<Resnet> resnets = new ArrayList<>();
      List<Transformer> attns = new ArrayList<>();
      for (int r = 0; r < layers.get(i); r++) {
        resnets.add(resnet(configFile, groups, path + ".resnets." + r, r == 0 ? in : out, out));
        if (type.equals("CrossAttnDownBlock2D")) {
          attns.add(
              transformer(
                  configFile,
                  groups,
                  path + ".attentions." + r,
                  out,
                  heads.get(i),
                  transformerLayers.get(i),
                  crossDims.get(i)));
        }
      }
      down.add(new Block(Stage.DOWN, i, type, resnets, attns, i < n - 1, out));
    }

    Block mid = null;
    if (config.midBlockType() != null) {
      int c = channels.get(n - 1);
      mid =
          new Block(
              Stage.MID,
              0,
              MID_TYPE,
              List.of(
                  resnet(configFile, groups, "mid_block.resnets.0", c, c),
                  resnet(configFile, groups, "mid_block.resnets.1", c, c)),
              List.of(
                  transformer(
                      configFile,
                      groups,
                      "mid_block.attentions.0",
                      c,
                      heads.get(n - 1),
                      transformerLayers.get(n - 1),
                      crossDims.get(n - 1))),
              false,
              c);
    }

    List<Integer> reversedTransformerLayers = reversed(transformerLayers);
    if (config.reverseTransformerLayersPerBlock() != null) {
      if (config.reverseTransformerLayersPerBlock().size() != n) {
        throw new UnsupportedUNetException(
            configFile,
            "reverse_transformer_layers_per_block",
            "expected one entry per up block ("
                + n
                + "), got "
                + config.reverseTransformerLayersPerBlock());
      }
      reversedTransformerLayers = config.reverseTransformerLayersPerBlock();
    }
    List<Block> up = new ArrayList<>();
    List<Integer> revChannels = reversed(channels);
    out = revChannels.get(0);
    for (int i = 0; i < n; i++) {
      int prev = out;
      out = revChannels.get(i);
      int skipIn = revChannels.get(Math.min(i + 1, n - 1));
      String type = config.upBlockTypes().get(i);
      String path = "up_blocks." + i;
      int count = reversed(layers).get(i) + 1;
      List<Resnet> resnets = new ArrayList<>();
      List<Transformer> attns = new ArrayList<>();
      for (int r = 0; r < count; r++) {
        int skip = r == count - 1 ? skipIn : out;
        int hidden = r == 0 ? prev : out;
        resnets.add(resnet(configFile, groups, path + ".resnets." + r, hidden + skip, out));
        if (type.equals("CrossAttnUpBlock2D")) {
          attns.add(
              transformer(
                  configFile,
                  groups,
                  path + ".attentions." + r,
                  out,
                  reversed(heads).get(i),
                  reversedTransformerLayers.get(i),
                  reversed(crossDims).get(i)));
        }
      }
      up.add(new Block(Stage.UP, i, type, resnets, attns, i < n - 1, out));
    }
    return new UNetLayout(config, configFile, timeEmbedDim, down, mid, up);
  }

  private static void checkSupported(UNet2DConditionConfig c, Path file) {
    for (String t : c.downBlockTypes()) {
      if (!DOWN_TYPES.contains(t)) {
        unsupported(file, "down_block_types", "block type " + t + ", supported: " + DOWN_TYPES);
      }
    }
    for (String t : c.upBlockTypes()) {
      if (!UP_TYPES.contains(t)) {
        unsupported(file, "up_block_types", "block type " + t + ", supported: " + UP_TYPES);
      }
    }
    if (c.midBlockType() != null && !c.midBlockType().equals(MID_TYPE)) {
      unsupported(
          file,
          "mid_block_type",
          "block type " + c.midBlockType() + ", supported: " + MID_TYPE + " or null");
    }
    absent(file, "class_embed_type", c.classEmbedType());
    absent(file, "num_class_embeds", c.numClassEmbeds());
    absent(file, "addition_embed_type", c.additionEmbedType());
    absent(file, "encoder_hid_dim", c.encoderHidDim());
    absent(file, "encoder_hid_dim_type", c.encoderHidDimType());
    absent(file, "time_cond_proj_dim", c.timeCondProjDim());
    absent(file, "timestep_post_act", c.timestepPostAct());
    absent(file, "time_embedding_act_fn", c.timeEmbeddingActFn());
    absent(file, "cross_attention_norm", c.crossAttentionNorm());
    if (c.dualCrossAttention()) {
      unsupported(file, "dual_cross_attention", "dual cross-attention (true)");
    }
    if (c.onlyCrossAttention().contains(Boolean.TRUE)) {
      unsupported(file, "only_cross_attention", "only_cross_attention " + c.onlyCrossAttention());
    }
    if (c.classEmbeddingsConcat()) {
      unsupported(file, "class_embeddings_concat", "class embeddings (true)");
    }
    if (!"positional".equals(c.timeEmbeddingType())) {
      unsupported(
          file, "time_embedding_type", "'" + c.timeEmbeddingType() + "', supported: positional");
    }
    if (!"default".equals(c.resnetTimeScaleShift())) {
      unsupported(
          file,
          "resnet_time_scale_shift",
          "'" + c.resnetTimeScaleShift() + "', supported: default");
    }
    if (c.resnetSkipTimeAct()) {
      unsupported(file, "resnet_skip_time_act", "true, supported: false");
    }
    if (c.resnetOutScaleFactor() != 1.0) {
      unsupported(file, "resnet_out_scale_factor", c.resnetOutScaleFactor() + ", supported: 1.0");
    }
    if (!"default".equals(c.attentionType())) {
      unsupported(file, "attention_type", "'" + c.attentionType() + "', supported: default");
    }
    if (!"silu".equals(c.actFn()) && !"swish".equals(c.actFn())) {
      unsupported(file, "act_fn", "'" + c.actFn() + "', supported: silu");
    }
    if (c.normNumGroups() == null) {
      unsupported(file, "norm_num_groups", "null (no GroupNorm), supported: a group count");
    }
  }

  private static void absent(Path file, String key, Object value) {
    if (value != null) {
      unsupported(file, key, "'" + value + "', supported: null");
    }
  }

  private static void unsupported(Path file, String key, String what) {
    throw new UnsupportedUNetException(file, key, "unsupported " + what);
  }

  private static Resnet resnet(Path file, int groups, String path, int in, int out) {
    divisible(file, "norm_num_groups", path, in, groups, "norm groups");
    divisible(file, "norm_num_groups", path, out, groups, "norm groups");
    return new Resnet(path, in, out);
  }

  private static Transformer transformer(
      Path file, int groups, String path, int channels, int heads, int layers, int crossDim) {
    divisible(file, "norm_num_groups", path, channels, groups, "norm groups");
    divisible(file, "attention_head_dim", path, channels, heads, "attention heads");
    return new Transformer(path, channels, heads, layers, crossDim);
  }

  private static void divisible(
      Path file, String key, String path, int channels, int by, String what) {
    if (by <= 0 || channels % by != 0) {
      throw new UnsupportedUNetException(
          file, key, path + ": " + channels + " channels do not divide into " + by + " " + what);
    }
  }

  private static List<Integer> reversed(List<Integer> values) {
    List<Integer> r = new ArrayList<>(values);
    Collections.reverse(r);
    return r;
  }

  /** The config this layout was resolved from. */
  public UNet2DConditionConfig config() {
    return config;
  }

  /** The config file (named in errors). */
  public Path configFile() {
    return configFile;
  }

  /** Width of the time embedding MLP ({@code time_embedding_dim} or 4 × first block width). */
  public int timeEmbedDim() {
    return timeEmbedDim;
  }

  /** Width of the sinusoidal timestep projection (first block width). */
  public int timeProjDim() {
    return config.blockOutChannels().get(0);
  }

  /** The down blocks in order. */
  public List<Block> downBlocks() {
    return down;
  }

  /** The mid block, absent when {@code mid_block_type} is null. */
  public Optional<Block> midBlock() {
    return Optional.ofNullable(mid);
  }

  /** The up blocks in order. */
  public List<Block> upBlocks() {
    return up;
  }

  /** Every block in forward order: down, mid, up. */
  public List<Block> blocks() {
    List<Block> all = new ArrayList<>(down);
    midBlock().ifPresent(all::add);
    all.addAll(up);
    return all;
  }

  /** Every tap this U-Net has, in forward order. */
  public List<TapName> taps() {
    return taps;
  }

  /**
   * Parses {@code name} in any spelling and checks that this U-Net has it.
   *
   * @throws UnknownTapException listing every tap of this U-Net when it has no such tap
   */
  public TapName resolve(String name) {
    TapName tap;
    try {
      tap = TapName.parse(name);
    } catch (UnknownTapException e) {
      throw new UnknownTapException(name, e.reason(), taps);
    }
    require(tap, name);
    return tap;
  }

  /**
   * Checks that this U-Net has {@code tap}.
   *
   * @throws UnknownTapException listing every tap of this U-Net when it has not
   */
  public void require(TapName tap) {
    require(tap, tap.toString());
  }

  private void require(TapName tap, String asGiven) {
    if (tap == null) {
      throw new IllegalArgumentException("tap is null");
    }
    if (!tapSet.contains(tap)) {
      throw new UnknownTapException(asGiven, "this U-Net has no such activation", taps);
    }
  }

  private List<TapName> enumerateTaps() {
    Set<TapName> out = new LinkedHashSet<>();
    out.add(TapName.model(TapType.TIME_PROJ));
    out.add(TapName.model(TapType.TIME_EMBEDDING));
    out.add(TapName.model(TapType.CONV_IN));
    for (Block b : blocks()) {
      for (int r = 0; r < b.resnets().size(); r++) {
        out.add(TapName.module(b.stage(), b.level(), r, TapType.RES_OUT));
        if (r < b.attentions().size()) {
          out.add(TapName.module(b.stage(), b.level(), r, TapType.VIT_OUT));
          for (int k = 0; k < b.attentions().get(r).layers(); k++) {
            for (TapType t : TapType.values()) {
              if (t.ordinal() >= TapType.OUT.ordinal()) {
                out.add(TapName.transformer(b.stage(), b.level(), r, k, t));
              }
            }
          }
        }
      }
      out.add(TapName.blockOutput(b.stage(), b.level()));
    }
    out.add(TapName.model(TapType.CONV_NORM_OUT));
    out.add(TapName.model(TapType.NOISE_PRED));
    return new ArrayList<>(out);
  }

  /** Every weight the config requires, with its shape, in forward order. */
  public Map<String, long[]> expectedWeights() {
    Map<String, long[]> w = new LinkedHashMap<>();
    int c0 = config.blockOutChannels().get(0);
    int kIn = config.convInKernel();
    int kOut = config.convOutKernel();
    conv(w, "conv_in", c0, config.inChannels(), kIn);
    linear(w, "time_embedding.linear_1", timeEmbedDim, timeProjDim(), true);
    linear(w, "time_embedding.linear_2", timeEmbedDim, timeEmbedDim, true);
    for (Block b : blocks()) {
      for (int r = 0; r < b.resnets().size(); r++) {
        Resnet res = b.resnets().get(r);
        norm(w, res.path() + ".norm1", res.inChannels());
        conv(w, res.path() + ".conv1", res.outChannels(), res.inChannels(), 3);
        linear(w, res.path() + ".time_emb_proj", res.outChannels(), timeEmbedDim, true);
        norm(w, res.path() + ".norm2", res.outChannels());
        conv(w, res.path() + ".conv2", res.outChannels(), res.outChannels(), 3);
        if (res.inChannels() != res.outChannels()) {
          conv(w, res.path() + ".conv_shortcut", res.outChannels(), res.inChannels(), 1);
        }
        if (r < b.attentions().size()) {
          transformerWeights(w, b.attentions().get(r));
        }
      }
      if (b.sampler()) {
        String s =
            b.path() + (b.stage() == Stage.DOWN ? ".downsamplers.0.conv" : ".upsamplers.0.conv");
        conv(w, s, b.channels(), b.channels(), 3);
      }
    }
    norm(w, "conv_norm_out", c0);
    conv(w, "conv_out", config.outChannels(), c0, kOut);
    return w;
  }

  private void transformerWeights(Map<String, long[]> w, Transformer t) {
    int c = t.channels();
    norm(w, t.path() + ".norm", c);
    projection(w, t.path() + ".proj_in", c);
    for (int k = 0; k < t.layers(); k++) {
      String p = t.path() + ".transformer_blocks." + k;
      for (int n = 1; n <= 3; n++) {
        norm(w, p + ".norm" + n, c);
      }
      for (String attn : List.of(".attn1", ".attn2")) {
        int kv = attn.equals(".attn1") ? c : t.crossAttentionDim();
        linear(w, p + attn + ".to_q", c, c, false);
        linear(w, p + attn + ".to_k", c, kv, false);
        linear(w, p + attn + ".to_v", c, kv, false);
        linear(w, p + attn + ".to_out.0", c, c, true);
      }
      linear(w, p + ".ff.net.0.proj", 8 * c, c, true);
      linear(w, p + ".ff.net.2", c, 4 * c, true);
    }
    projection(w, t.path() + ".proj_out", c);
  }

  private void projection(Map<String, long[]> w, String name, int c) {
    if (config.useLinearProjection()) {
      linear(w, name, c, c, true);
    } else {
      conv(w, name, c, c, 1);
    }
  }

  private static void conv(Map<String, long[]> w, String name, int out, int in, int k) {
    w.put(name + ".weight", new long[] {out, in, k, k});
    w.put(name + ".bias", new long[] {out});
  }

  private static void linear(Map<String, long[]> w, String name, int out, int in, boolean bias) {
    w.put(name + ".weight", new long[] {out, in});
    if (bias) {
      w.put(name + ".bias", new long[] {out});
    }
  }

  private static void norm(Map<String, long[]> w, String name, int c) {
    w.put(name + ".weight", new long[] {c});
    w.put(name + ".bias", new long[] {c});
  }
}
