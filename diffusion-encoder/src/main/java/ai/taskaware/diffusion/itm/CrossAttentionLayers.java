package ai.taskaware.diffusion.itm;

import ai.taskaware.diffusion.tap.TapName;
import ai.taskaware.diffusion.tap.TapType;
import ai.taskaware.diffusion.tap.UnknownTapException;
import ai.taskaware.diffusion.unet.UNetLayout;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** Names of cross-attention layers resolved against a U-Net. */
final class CrossAttentionLayers {
  private CrossAttentionLayers() {}

  /**
   * The {@code Cross-Map} tap of each named layer, in the given order without repeats; every
   * cross-attention layer of the U-Net, in forward order, when {@code names} is empty.
   *
   * @throws UnknownTapException listing the U-Net's taps when a name is no tap of it
   * @throws ScoringInputException when a name is not inside a transformer block
   */
  static List<TapName> resolve(UNetLayout layout, List<String> names) {
    if (names.isEmpty()) {
      List<TapName> all = new ArrayList<>();
      for (TapName t : layout.taps()) {
        if (t.type() == TapType.CROSS_MAP) {
          all.add(t);
        }
      }
      if (all.isEmpty()) {
        throw new ScoringInputException(
            "layers", "the U-Net in " + layout.configFile() + " has no cross-attention layer");
      }
      return List.copyOf(all);
    }
    LinkedHashSet<TapName> out = new LinkedHashSet<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      TapName tap;
      try {
        tap = layout.resolve(name);
      } catch (UnknownTapException asGiven) {
        try {
          tap = layout.resolve(name + "-Cross-Map");
        } catch (UnknownTapException asBlock) {
          throw asGiven;
        }
      }
      if (tap.block() < 0) {
        throw new ScoringInputException(
            "layers[" + i + "]",
            "\""
                + name
                + "\" is not inside a transformer block; name a cross-attention layer such as "
                + resolve(layout, List.of()).get(0));
      }
      TapName map = as(tap, TapType.CROSS_MAP);
      layout.require(map);
      out.add(map);
    }
    return List.copyOf(out);
  }

  /** The tap of {@code type} in the same transformer block as {@code layer}. */
  static TapName as(TapName layer, TapType type) {
    return TapName.transformer(layer.stage(), layer.level(), layer.repeat(), layer.block(), type);
  }
}
