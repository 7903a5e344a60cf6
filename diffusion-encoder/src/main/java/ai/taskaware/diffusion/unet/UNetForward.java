package ai.taskaware.diffusion.unet;

import ai.taskaware.core.checkpoint.DType;
import ai.taskaware.core.checkpoint.TensorSource;
import ai.taskaware.core.checkpoint.config.UNet2DConditionConfig;
import ai.taskaware.core.graph.Dim;
import ai.taskaware.core.graph.GraphBuilder;
import ai.taskaware.core.graph.Shape;
import ai.taskaware.core.graph.Value;
import ai.taskaware.core.graph.WeightPolicy;
import ai.taskaware.diffusion.tap.Stage;
import ai.taskaware.diffusion.tap.TapName;
import ai.taskaware.diffusion.tap.TapType;
import ai.taskaware.diffusion.unet.UNetLayout.Block;
import ai.taskaware.diffusion.unet.UNetLayout.Resnet;
import ai.taskaware.diffusion.unet.UNetLayout.Transformer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One walk of the forward pass in diffusers' module order, recording requested taps as graph
 * outputs and returning as soon as every requested tap that depends on the latent has been
 * recorded. After each module the walk checks {@link #done()}; a method that returns early hands
 * back a value its caller discards, because every caller checks {@link #done()} first.
 */
final class UNetForward {

  /** GroupNorm epsilon of Transformer2DModel (fixed in diffusers, not from the config). */
  private static final double TRANSFORMER_NORM_EPS = 1e-6;

  /** LayerNorm epsilon of BasicTransformerBlock (diffusers' default). */
  private static final double LAYER_NORM_EPS = 1e-5;

  private final UNetLayout layout;
  private final UNet2DConditionConfig config;
  private final TensorSource weights;
  private final List<TapName> requested;
  private final Set<TapName> requestedSet;
  private final Set<TapName> pending = new HashSet<>();
  private final Map<TapName, String> recorded = new HashMap<>();
  private final int trainTimesteps;
  private final GraphBuilder g = new GraphBuilder("unet");
  private final Deque<Value> skips = new ArrayDeque<>();
  private final Map<String, Value> textProjections = new HashMap<>();
  private final int groups;
  private Value sample;
  private Value timestep;
  private Value context;
  private Value timeProj;
  private Value timeEmbedding;
  private Value timeEmbeddingActivated;

  /** Where in the U-Net the walk is, to name taps. */
  private record Site(Stage stage, int level, int repeat, int block) {
    TapName tap(TapType type) {
      return TapName.transformer(stage, level, repeat, block, type);
    }
  }

  UNetForward(UNetCheckpoint checkpoint, List<TapName> taps, int trainTimesteps) {
    this.layout = checkpoint.layout();
    this.config = layout.config();
    this.weights = checkpoint.weights();
    this.requested = List.copyOf(new LinkedHashSet<>(taps));
    this.requestedSet = Set.copyOf(requested);
    for (TapName t : requested) {
      if (!t.type().independentOfSample()) {
        pending.add(t);
      }
    }
    this.trainTimesteps = trainTimesteps;
    this.groups = config.normNumGroups();
    g.weightPolicy(WeightPolicy.CONVERT_TO_FLOAT);
  }

  UNetSlice build() {
    Dim batch = Dim.symbolic("batch");
    sample =
        g.input(
            UNetGraph.SAMPLE,
            DType.F32,
            Shape.of(
                batch, Dim.of(config.inChannels()), Dim.symbolic("height"), Dim.symbolic("width")));
    timestep = g.input(UNetGraph.TIMESTEP, DType.I64, Shape.unknownRank());
    Set<Integer> textWidths = new HashSet<>(config.crossAttentionDimPerBlock());
    Dim textWidth =
        textWidths.size() == 1 ? Dim.of(textWidths.iterator().next()) : Dim.symbolic("text_width");
    context =
        g.input(
            UNetGraph.ENCODER_HIDDEN_STATES,
            DType.F32,
            Shape.of(batch, Dim.symbolic("sequence"), textWidth));

    for (TapName t : requested) {
      switch (t.type()) {
        case TIME_PROJ -> tap(t, timeProj());
        case TIME_EMBEDDING -> tap(t, timeEmbedding());
        case CROSS_K, CROSS_V -> tap(t, textProjection(t.diffusersPath().orElseThrow()));
        default -> {}
      }
    }
    walk();
    if (!pending.isEmpty()) {
      throw new IllegalStateException("the forward walk did not produce " + pending);
    }
    Map<TapName, String> outputs = new LinkedHashMap<>();
    for (TapName t : requested) {
      outputs.put(t, recorded.get(t));
    }
    return new UNetSlice(g.build(), outputs);
  }

  // ---------------------------------------------------------------- taps

  private boolean done() {
    return pending.isEmpty();
  }

  private void tap(TapName t, Value v) {
    tap(t, () -> v);
  }

  /** Records {@code t} when requested; {@code value} is only built then. */
  private void tap(TapName t, Supplier<Value> value) {
    if (requestedSet.contains(t) && !recorded.containsKey(t)) {
      String name = t.toString();
      g.output(value.get(), name);
      recorded.put(t, name);
      pending.remove(t);
    }
  }

  // ---------------------------------------------------------------- the walk

  private void walk() {
    if (done()) {
      return;
    }
    Value h = sample;
    if (config.centerInputSample()) {
      h = g.sub(g.mul(h, 2.0), 1.0);
    }
    try (var s = g.scope("conv_in")) {
      h = conv(h, "conv_in", 1, (config.convInKernel() - 1) / 2);
    }
    tap(TapName.model(TapType.CONV_IN), h);
    if (done()) {
      return;
    }
    skips.addLast(h);
    for (Block b : layout.blocks()) {
      try (var s = g.scope(b.path())) {
        h =
            switch (b.stage()) {
              case DOWN -> downBlock(b, h);
              case MID -> midBlock(b, h);
              default -> upBlock(b, h);
            };
      }
      if (done()) {
        return;
      }
      tap(TapName.blockOutput(b.stage(), b.level()), h);
      if (done()) {
        return;
      }
    }
    Value normed;
    try (var s = g.scope("conv_norm_out")) {
      normed = groupNorm(h, "conv_norm_out", config.normEps());
    }
    tap(TapName.model(TapType.CONV_NORM_OUT), normed);
    if (done()) {
      return;
    }
    try (var s = g.scope("conv_out")) {
      h = conv(g.silu(normed), "conv_out", 1, (config.convOutKernel() - 1) / 2);
    }
    tap(TapName.model(TapType.NOISE_PRED), h);
  }

  private Value downBlock(Block b, Value h) {
    for (int r = 0; r < b.resnets().size(); r++) {
      h = resnet(b, r, h, 1.0);
      if (done()) {
        return h;
      }
      if (r < b.attentions().size()) {
        h = transformer(b, r, h);
        if (done()) {
          return h;
        }
      }
      skips.addLast(h);
    }
    if (b.sampler()) {
      try (var s = g.scope("downsamplers.0")) {
        String conv = b.path() + ".downsamplers.0.conv";
        long pad = config.downsamplePadding();
        if (pad == 0) {
          // diffusers pads right and bottom by one when the conv itself has no padding.
          h = g.pad(h, new long[] {0, 0, 0, 0, 0, 0, 1, 1}, 0.0);
        }
        h = conv(h, conv, 2, pad);
      }
      skips.addLast(h);
    }
    return h;
  }

  private Value midBlock(Block b, Value h) {
    h = resnet(b, 0, h, config.midBlockScaleFactor());
    for (int r = 0; r < b.attentions().size(); r++) {
      h = transformer(b, r, h);
      if (done()) {
        return h;
      }
      h = resnet(b, r + 1, h, config.midBlockScaleFactor());
      if (done()) {
        return h;
      }
    }
    return h;
  }

  private Value upBlock(Block b, Value h) {
    for (int r = 0; r < b.resnets().size(); r++) {
      h = g.concat(1, h, skips.removeLast());
      h = resnet(b, r, h, 1.0);
      if (done()) {
        return h;
      }
      if (r < b.attentions().size()) {
        h = transformer(b, r, h);
        if (done()) {
          return h;
        }
      }
    }
    if (b.sampler()) {
      try (var s = g.scope("upsamplers.0")) {
        Value up = cropToSpatialSizeOf(g.upsampleNearest2d(h, 2), skips.getLast());
        h = conv(up, b.path() + ".upsamplers.0.conv", 1, 1);
      }
    }
    return h;
  }

  /**
   * Crops {@code x} to the height and width of {@code like}. diffusers upsamples to the size of the
   * skip the next block concatenates ({@code upsample_size}); when a latent side is not a multiple
   * of the total downsampling, that skip is one pixel short of ×2, and nearest ×2 followed by this
   * crop picks the same source pixels as nearest resizing to that size ({@code floor(dst·in/out)}
   * equals {@code floor(dst/2)} for {@code out = 2·in − 1}). Otherwise the crop keeps everything.
   */
  private Value cropToSpatialSizeOf(Value x, Value like) {
    Value ends =
        g.slice(g.shape(like), new long[] {2}, new long[] {4}, new long[] {0}, new long[] {1});
    return g.slice(x, g.ints(0, 0), ends, g.ints(2, 3), null);
  }

  // ---------------------------------------------------------------- modules

  /** ResnetBlock2D; taps its output. */
  private Value resnet(Block b, int r, Value x, double outputScale) {
    Resnet res = b.resnets().get(r);
    String p = res.path();
    Value out;
    try (var s = g.scope("resnets." + r)) {
      Value h = g.silu(groupNorm(x, p + ".norm1", config.normEps()));
      h = conv(h, p + ".conv1", 1, 1);
      Value t = linear(timeEmbeddingActivated(), p + ".time_emb_proj", true);
      h = g.add(h, g.unsqueeze(t, 2, 3));
      h = g.silu(groupNorm(h, p + ".norm2", config.normEps()));
      h = conv(h, p + ".conv2", 1, 1);
      Value shortcut =
          res.inChannels() != res.outChannels() ? conv(x, p + ".conv_shortcut", 1, 0) : x;
      out = g.add(shortcut, h);
      if (outputScale != 1.0) {
        out = g.div(out, outputScale);
      }
    }
    tap(TapName.module(b.stage(), b.level(), r, TapType.RES_OUT), out);
    return out;
  }

  /** Transformer2DModel on NCHW {@code x}; taps its blocks and its output. */
  private Value transformer(Block b, int r, Value x) {
    Transformer t = b.attentions().get(r);
    String p = t.path();
    Value out;
    try (var s = g.scope("attentions." + r)) {
      Value h =
          g.groupNorm(x, groups, w(p + ".norm.weight"), w(p + ".norm.bias"), TRANSFORMER_NORM_EPS);
      if (config.useLinearProjection()) {
        h = linear(tokens(h, t.channels()), p + ".proj_in", true);
      } else {
        h = tokens(conv(h, p + ".proj_in", 1, 0), t.channels());
      }
      for (int k = 0; k < t.layers(); k++) {
        try (var s2 = g.scope("transformer_blocks." + k)) {
          h = transformerBlock(t, new Site(b.stage(), b.level(), r, k), h);
        }
        if (done()) {
          return h;
        }
      }
      if (config.useLinearProjection()) {
        h = image(linear(h, p + ".proj_out", true), x);
      } else {
        h = conv(image(h, x), p + ".proj_out", 1, 0);
      }
      out = g.add(h, x);
    }
    tap(TapName.module(b.stage(), b.level(), r, TapType.VIT_OUT), out);
    return out;
  }

  /** BasicTransformerBlock on B×HW×C tokens. */
  private Value transformerBlock(Transformer t, Site site, Value h) {
    String p = t.path() + ".transformer_blocks." + site.block();
    Value self = attention(p + ".attn1", layerNorm(h, p + ".norm1"), null, t, site);
    if (done()) {
      return h;
    }
    h = g.add(self, h);
    Value cross = attention(p + ".attn2", layerNorm(h, p + ".norm2"), context, t, site);
    if (done()) {
      return h;
    }
    h = g.add(cross, h);
    Value n3 = layerNorm(h, p + ".norm3");
    long inner = 4L * t.channels();
    List<Value> halves = g.split(linear(n3, p + ".ff.net.0.proj", true), -1, inner, inner);
    Value ff = linear(g.mul(halves.get(0), g.gelu(halves.get(1))), p + ".ff.net.2", true);
    h = g.add(ff, h);
    tap(site.tap(TapType.OUT), h);
    return h;
  }

  /**
   * diffusers' classic AttnProcessor: {@code softmax(q·kᵀ·d^-0.5)·v} per head, then {@code to_out}.
   * Self-attention when {@code text} is null. Taps q/k/v, the maps (cross only) and the output;
   * returns early once nothing more is pending.
   */
  private Value attention(String p, Value x, Value text, Transformer t, Site site) {
    boolean cross = text != null;
    Value q = linear(x, p + ".to_q", false);
    Value k = cross ? textProjection(p + ".to_k") : linear(x, p + ".to_k", false);
    Value v = cross ? textProjection(p + ".to_v") : linear(x, p + ".to_v", false);
    tap(site.tap(cross ? TapType.CROSS_Q : TapType.SELF_Q), q);
    tap(site.tap(cross ? TapType.CROSS_K : TapType.SELF_K), k);
    tap(site.tap(cross ? TapType.CROSS_V : TapType.SELF_V), v);
    if (done()) {
      return q;
    }
    Value qh = g.splitHeads(q, t.heads());
    Value kt = g.transpose(g.splitHeads(k, t.heads()), 0, 1, 3, 2);
    Value scores = g.mul(g.matMul(qh, kt), 1.0 / Math.sqrt(t.headDim()));
    if (cross) {
      tap(site.tap(TapType.CROSS_LOGITS), scores);
      if (done()) {
        return q;
      }
    }
    Value probs = g.softmax(scores, -1);
    if (cross) {
      tap(site.tap(TapType.CROSS_MAP), probs);
      tap(site.tap(TapType.ATTN_PROBS), () -> headsIntoBatch(probs));
      if (done()) {
        return q;
      }
    }
    Value o = g.mergeHeads(g.matMul(probs, g.splitHeads(v, t.heads())));
    o = linear(o, p + ".to_out.0", true);
    tap(site.tap(cross ? TapType.CROSS_ATTN : TapType.SELF_ATTN), o);
    return o;
  }

  /** B×H×S×T → (B·H)×S×T, diffusers' {@code head_to_batch_dim} layout. */
  private Value headsIntoBatch(Value perHead) {
    Value sizes =
        g.slice(g.shape(perHead), new long[] {2}, new long[] {4}, new long[] {0}, new long[] {1});
    return g.reshape(perHead, g.concat(0, g.ints(-1), sizes));
  }

  /** A cross-attention key or value projection of the text (shared by every use). */
  private Value textProjection(String path) {
    return textProjections.computeIfAbsent(path, p -> linear(context, p, false));
  }

  // ---------------------------------------------------------------- timestep embedding

  private Value timeProj() {
    if (timeProj == null) {
      try (var s = g.scope("time_proj")) {
        // [] or [B] timesteps, broadcast to the batch of the sample as diffusers does.
        Value t = g.reshape(timestep, -1);
        Value batch =
            g.slice(
                g.shape(sample), new long[] {0}, new long[] {1}, new long[] {0}, new long[] {1});
        // Expand's output rank is unknown to the builder; the reshape restates it as 1-D.
        t = g.reshape(g.expand(t, batch), -1);
        int dim = layout.timeProjDim();
        Value table =
            g.initializer(
                "time_proj.table",
                TimestepTable.compute(
                    trainTimesteps, dim, config.flipSinToCos(), config.freqShift()),
                trainTimesteps,
                dim);
        timeProj = g.gather(table, t, 0);
      }
    }
    return timeProj;
  }

  private Value timeEmbedding() {
    if (timeEmbedding == null) {
      try (var s = g.scope("time_embedding")) {
        Value h = linear(timeProj(), "time_embedding.linear_1", true);
        timeEmbedding = linear(g.silu(h), "time_embedding.linear_2", true);
      }
    }
    return timeEmbedding;
  }

  /** The SiLU every resnet applies to the time embedding before its projection (computed once). */
  private Value timeEmbeddingActivated() {
    if (timeEmbeddingActivated == null) {
      timeEmbeddingActivated = g.silu(timeEmbedding());
    }
    return timeEmbeddingActivated;
  }

  // ---------------------------------------------------------------- layers

  private Value w(String name) {
    return g.weight(weights, name);
  }

  private Value conv(Value x, String module, long stride, long pad) {
    return g.conv2d(x, w(module + ".weight"), w(module + ".bias"), stride, pad);
  }

  private Value linear(Value x, String module, boolean bias) {
    return g.linear(x, w(module + ".weight"), bias ? w(module + ".bias") : null);
  }

  private Value groupNorm(Value x, String module, double eps) {
    return g.groupNorm(x, groups, w(module + ".weight"), w(module + ".bias"), eps);
  }

  private Value layerNorm(Value x, String module) {
    return g.layerNorm(x, w(module + ".weight"), w(module + ".bias"), LAYER_NORM_EPS);
  }

  /** NCHW → B×HW×C, tokens row-major over (h, w). */
  private Value tokens(Value x, long channels) {
    return g.reshape(g.transpose(x, 0, 2, 3, 1), 0, -1, channels);
  }

  /** B×HW×C → NCHW with the spatial size of {@code like}. */
  private Value image(Value tokens, Value like) {
    return g.reshape(g.transpose(tokens, 0, 2, 1), g.shape(like));
  }
}
