package ai.taskaware.diffusion.tap;

import ai.taskaware.diffusion.tap.TapType.Parts;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One U-Net activation, whatever spelling named it. Parts a type does not have are -1: model-level
 * taps ({@link Stage#TOP}) have no level, block outputs no repeat, and only the values inside a
 * transformer block have a block index. The mid block is level 0.
 *
 * @param stage where the tap is
 * @param level index in {@code down_blocks}/{@code up_blocks} (0 for the mid block, -1 at the top)
 * @param repeat resnet or attention index inside the block, or -1
 * @param block transformer block index inside the attention, or -1
 * @param type what is read
 */
public record TapName(Stage stage, int level, int repeat, int block, TapType type) {

  private static final Pattern PAPER =
      Pattern.compile("([DMU])(?:-L(\\d+))?-R(\\d+)(?:-B(\\d+))?-(.+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern GENERIC =
      Pattern.compile(
          "(down|mid|up)(?:-level(\\d+))?(?:-repeat(\\d+))?-(res-out|vit-out|vit-block(\\d+)-(.+))",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern DIFFUSERS =
      Pattern.compile("(?:down_blocks\\.(\\d+)|(mid_block)|up_blocks\\.(\\d+))(.*)");

  /**
   * Checks that exactly the parts the type needs are given.
   *
   * @throws IllegalArgumentException naming the part that is missing, negative or superfluous
   */
  public TapName {
    if (stage == null || type == null) {
      throw new IllegalArgumentException("stage and type are required");
    }
    Parts parts = type.parts();
    if ((stage == Stage.TOP) != (parts == Parts.NONE)) {
      throw new IllegalArgumentException(
          type + (stage == Stage.TOP ? " needs a block stage" : " is a model-level tap"));
    }
    require("level", level, stage != Stage.TOP);
    require("repeat", repeat, parts == Parts.REPEAT || parts == Parts.BLOCK);
    require("block", block, parts == Parts.BLOCK);
    if (stage == Stage.MID && level != 0) {
      throw new IllegalArgumentException("the mid block is level 0, got level " + level);
    }
  }

  private static void require(String part, int value, boolean needed) {
    if (needed && value < 0) {
      throw new IllegalArgumentException(part + " must be >= 0, got " + value);
    }
    if (!needed && value != -1) {
      throw new IllegalArgumentException(part + " must be -1 (absent), got " + value);
    }
  }

  /** A model-level tap ({@code time_proj}, {@code conv_in}, {@code noise_pred}, …). */
  public static TapName model(TapType type) {
    return new TapName(Stage.TOP, -1, -1, -1, type);
  }

  /** The output of block {@code level} of {@code stage} (after its sampler). */
  public static TapName blockOutput(Stage stage, int level) {
    return new TapName(stage, level, -1, -1, TapType.BLOCK_OUT);
  }

  /** A {@link TapType#RES_OUT} or {@link TapType#VIT_OUT} tap. */
  public static TapName module(Stage stage, int level, int repeat, TapType type) {
    return new TapName(stage, level, repeat, -1, type);
  }

  /** A tap inside transformer block {@code block} of attention {@code repeat}. */
  public static TapName transformer(Stage stage, int level, int repeat, int block, TapType type) {
    return new TapName(stage, level, repeat, block, type);
  }

  /**
   * Parses any of the three spellings: the paper's ({@code U-L1-R1-B0-Cross-Q}, {@code
   * U-L1-R2-Res-Out}, {@code M-R0-B0-Cross-Map}; type words case-insensitive), the
   * generic-diffusion-feature one ({@code up-level1-repeat1-vit-block0-cross-q}, {@code
   * mid-vit-block0-cross-map}, {@code up-level1-repeat2-res-out}) or a diffusers path ({@code
   * up_blocks.1.attentions.1.transformer_blocks.0.attn2.to_q}, {@code …attn2.attn_probs}, {@code
   * up_blocks.1}, {@code noise_pred}; {@code conv_out} is read as {@code noise_pred}). Whether the
   * tap exists is a question for the loaded U-Net.
   *
   * @throws UnknownTapException when the text is none of these
   */
  public static TapName parse(String text) {
    if (text == null || text.isBlank()) {
      throw new UnknownTapException(String.valueOf(text), "empty tap name", List.of());
    }
    String s = text.strip();
    try {
      for (TapType t : TapType.values()) {
        if (t.parts() == Parts.NONE && t.diffusers().equals(s)) {
          return model(t);
        }
      }
      if (s.equals("conv_out")) {
        return model(TapType.NOISE_PRED);
      }
      Matcher m = DIFFUSERS.matcher(s);
      if (m.matches()) {
        return parseDiffusers(text, m);
      }
      m = PAPER.matcher(s);
      if (m.matches()) {
        return parsePaper(text, m);
      }
      m = GENERIC.matcher(s);
      if (m.matches()) {
        return parseGeneric(text, m);
      }
    } catch (IllegalArgumentException e) {
      if (e instanceof UnknownTapException u) {
        throw u;
      }
      throw new UnknownTapException(text, e.getMessage(), List.of());
    }
    throw new UnknownTapException(
        text,
        "not a paper name (U-L1-R1-B0-Cross-Q), a generic-diffusion-feature name"
            + " (up-level1-repeat1-vit-block0-cross-q) or a diffusers path"
            + " (up_blocks.1.attentions.1.transformer_blocks.0.attn2.to_q)",
        List.of());
  }

  private static TapName parseDiffusers(String text, Matcher m) {
    Stage stage = m.group(2) != null ? Stage.MID : m.group(1) != null ? Stage.DOWN : Stage.UP;
    int level =
        stage == Stage.MID ? 0 : Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(3));
    String suffix = m.group(4);
    for (TapType t : TapType.values()) {
      if (t.parts() == Parts.NONE || t.diffusers() == null) {
        continue;
      }
      Matcher sm = suffixPattern(t.diffusers()).matcher(suffix);
      if (sm.matches()) {
        int repeat = t.parts() == Parts.LEVEL ? -1 : Integer.parseInt(sm.group(1));
        int block = t.parts() == Parts.BLOCK ? Integer.parseInt(sm.group(2)) : -1;
        return new TapName(stage, level, repeat, block, t);
      }
    }
    throw new UnknownTapException(
        text,
        "'"
            + suffix
            + "' is not a tapped module of a block (resnets.R, attentions.R,"
            + " attentions.R.transformer_blocks.B[.attn1|.attn2][.to_q|.to_k|.to_v|.attn_probs])",
        List.of());
  }

  private static Pattern suffixPattern(String suffix) {
    String[] parts = suffix.split("%[rb]", -1);
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      re.append(Pattern.quote(parts[i]));
      if (i < parts.length - 1) {
        re.append("(\\d+)");
      }
    }
    return Pattern.compile(re.toString());
  }

  private static TapName parsePaper(String text, Matcher m) {
    Stage stage = stageOfLetter(m.group(1));
    TapType type = typeOfWord(text, m.group(5), true);
    int level = stageLevel(text, stage, m.group(2));
    int repeat = Integer.parseInt(m.group(3));
    int block = m.group(4) == null ? -1 : Integer.parseInt(m.group(4));
    if (type.parts() == Parts.BLOCK && block < 0) {
      throw new UnknownTapException(text, type.paper() + " needs a block part (-B0)", List.of());
    }
    if (type.parts() != Parts.BLOCK && block >= 0) {
      throw new UnknownTapException(text, type.paper() + " takes no block part", List.of());
    }
    return new TapName(stage, level, repeat, block, type);
  }

  private static TapName parseGeneric(String text, Matcher m) {
    Stage stage = Stage.valueOf(m.group(1).toUpperCase(Locale.ROOT));
    int level = stageLevel(text, stage, m.group(2));
    boolean resOut = m.group(4).equalsIgnoreCase("res-out");
    if (m.group(3) == null && (resOut || stage != Stage.MID)) {
      throw new UnknownTapException(text, "needs a repeat part (-repeat0)", List.of());
    }
    int repeat = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
    if (resOut) {
      return module(stage, level, repeat, TapType.RES_OUT);
    }
    if (m.group(5) == null) {
      return module(stage, level, repeat, TapType.VIT_OUT);
    }
    TapType type = typeOfWord(text, m.group(6), false);
    if (type.parts() != Parts.BLOCK) {
      throw new UnknownTapException(text, "'" + m.group(6) + "' is not a block tap", List.of());
    }
    return transformer(stage, level, repeat, Integer.parseInt(m.group(5)), type);
  }

  private static Stage stageOfLetter(String letter) {
    return switch (letter.toUpperCase(Locale.ROOT)) {
      case "D" -> Stage.DOWN;
      case "M" -> Stage.MID;
      default -> Stage.UP;
    };
  }

  private static int stageLevel(String text, Stage stage, String level) {
    if (stage == Stage.MID) {
      if (level != null && Integer.parseInt(level) != 0) {
        throw new UnknownTapException(text, "the mid block has only level 0", List.of());
      }
      return 0;
    }
    if (level == null) {
      throw new UnknownTapException(text, "needs a level part", List.of());
    }
    return Integer.parseInt(level);
  }

  private static TapType typeOfWord(String text, String word, boolean paper) {
    List<String> known = new ArrayList<>();
    for (TapType t : TapType.values()) {
      String w = paper ? t.paper() : t.generic();
      if (w != null) {
        if (w.equalsIgnoreCase(word)) {
          return t;
        }
        known.add(w);
      }
    }
    throw new UnknownTapException(
        text, "unknown type '" + word + "', expected one of " + known, List.of());
  }

  /** The diffusers module path, when diffusers has one for this value. */
  public Optional<String> diffusersPath() {
    if (type.diffusers() == null) {
      return Optional.empty();
    }
    if (stage == Stage.TOP) {
      return Optional.of(type.diffusers());
    }
    String prefix = stage == Stage.MID ? "mid_block" : stage.diffusers() + "." + level;
    return Optional.of(
        prefix
            + type.diffusers()
                .replace("%r", Integer.toString(repeat))
                .replace("%b", Integer.toString(block)));
  }

  /** The paper's name ({@code U-L1-R1-B0-Cross-Q}), when the paper's grammar has this type. */
  public Optional<String> paperName() {
    if (type.paper() == null) {
      return Optional.empty();
    }
    StringBuilder sb = new StringBuilder(stage.paper());
    if (stage != Stage.MID) {
      sb.append("-L").append(level);
    }
    sb.append("-R").append(repeat);
    if (block >= 0) {
      sb.append("-B").append(block);
    }
    return Optional.of(sb.append('-').append(type.paper()).toString());
  }

  /** The generic-diffusion-feature name ({@code up-level1-repeat1-vit-block0-cross-q}), if any. */
  public Optional<String> genericName() {
    if (type.generic() == null) {
      return Optional.empty();
    }
    StringBuilder sb = new StringBuilder(stage.generic());
    if (stage != Stage.MID) {
      sb.append("-level").append(level);
    }
    // generic-diffusion-feature leaves out the repeat of the mid block's single attention.
    if (stage != Stage.MID || type == TapType.RES_OUT || repeat != 0) {
      sb.append("-repeat").append(repeat);
    }
    switch (type) {
      case RES_OUT -> sb.append("-res-out");
      case VIT_OUT -> sb.append("-vit-out");
      default -> sb.append("-vit-block").append(block).append('-').append(type.generic());
    }
    return Optional.of(sb.toString());
  }

  /** Every spelling this tap has, diffusers path first. */
  public List<String> spellings() {
    List<String> out = new ArrayList<>(3);
    diffusersPath().ifPresent(out::add);
    paperName().ifPresent(out::add);
    genericName().ifPresent(out::add);
    return out;
  }

  /** The canonical spelling: the diffusers path, or the paper's name when diffusers has none. */
  @Override
  public String toString() {
    return diffusersPath().or(this::paperName).orElseThrow();
  }
}
