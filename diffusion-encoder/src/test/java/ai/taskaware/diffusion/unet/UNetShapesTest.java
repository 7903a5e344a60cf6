package ai.taskaware.diffusion.unet;

import static org.assertj.core.api.Assertions.assertThat;

import ai.taskaware.diffusion.tap.Stage;
import ai.taskaware.diffusion.tap.TapName;
import ai.taskaware.diffusion.tap.TapType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A U-Net unlike the fixture's, from a generated checkpoint: three levels, 1×1-conv projections,
 * head dims 24 and 32 with 2 and 3 heads, two transformer blocks per attention, one resnet per down
 * block, a non-square 16×24 latent and a 7-token text. No reference exists for it, so the test
 * checks shapes and what must hold whatever the weights: batch rows are independent, a scalar
 * timestep means the same timestep for every row, attention maps are distributions and the per-head
 * maps are the diffusers-layout maps reshaped.
 */
class UNetShapesTest {
  static final String CONFIG =
      """
      {"_class_name": "UNet2DConditionModel",
       "down_block_types": ["CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"],
       "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"],
       "block_out_channels": [48, 96, 96], "layers_per_block": 1,
       "attention_head_dim": [2, 3, 3], "cross_attention_dim": 24,
       "transformer_layers_per_block": 2, "norm_num_groups": 16,
       "use_linear_projection": false, "upcast_attention": true, "sample_size": 16}
      """;

  @TempDir static Path dir;
  private static UNetCheckpoint checkpoint;

  @BeforeAll
  static void open() {
    checkpoint =
        UNetCheckpoint.open(
            RandomUNets.write(dir.resolve("unet"), CONFIG, 7, UnaryOperator.identity()));
  }

  @AfterAll
  static void close() {
    checkpoint.close();
  }

  private static Map<String, INDArray> inputs(INDArray sample, long[] timesteps, INDArray text) {
    INDArray t =
        timesteps.length == 1 && timesteps[0] < 0
            ? Nd4j.scalar(-timesteps[0])
            : Nd4j.createFromArray(timesteps);
    return Map.of("sample", sample, "timestep", t, "encoder_hidden_states", text);
  }

  @Test
  void shapesFollowTheConfigForANonSquareLatent() {
    TapName crossQ = TapName.parse("U-L2-R1-B1-Cross-Q");
    TapName crossMap = TapName.parse("U-L2-R1-B1-Cross-Map");
    TapName probs = TapName.parse("up_blocks.2.attentions.1.transformer_blocks.1.attn2.attn_probs");
    TapName vit = TapName.parse("D-L1-R0-Vit-Out");
    TapName noise = TapName.model(TapType.NOISE_PRED);
    UNetSlice slice = UNetGraph.slice(checkpoint, List.of(crossQ, crossMap, probs, vit, noise));
    Random random = new Random(1);
    INDArray sample = Nd4j.randn(random.nextLong(), new long[] {2, 4, 16, 24});
    INDArray text = Nd4j.randn(random.nextLong(), new long[] {2, 7, 24});
    Map<String, INDArray> out = UNetFixture.run(slice, inputs(sample, new long[] {10, 900}, text));

    assertThat(out.get(slice.outputName(noise)).shape()).containsExactly(2, 4, 16, 24);
    assertThat(out.get(slice.outputName(crossQ)).shape()).containsExactly(2, 16 * 24, 48);
    assertThat(out.get(slice.outputName(vit)).shape()).containsExactly(2, 96, 8, 12);
    INDArray perHead = out.get(slice.outputName(crossMap));
    assertThat(perHead.shape()).containsExactly(2, 2, 16 * 24, 7);
    INDArray rowSums = perHead.sum(3);
    assertThat(UNetFixture.maxAbsDiff(rowSums, Nd4j.onesLike(rowSums))).isLessThan(1e-5);
    INDArray flat = out.get(slice.outputName(probs));
    assertThat(UNetFixture.maxAbsDiff(flat, perHead.reshape('c', 4, 16 * 24, 7))).isZero();
  }

  @Test
  void oddLatentSidesComeOutAtTheirInputSize() {
    TapName noise = TapName.model(TapType.NOISE_PRED);
    TapName up1 = TapName.blockOutput(Stage.UP, 1);
    UNetSlice slice = UNetGraph.slice(checkpoint, List.of(up1, noise));
    Random random = new Random(3);
    INDArray sample = Nd4j.randn(random.nextLong(), new long[] {1, 4, 13, 22});
    INDArray text = Nd4j.randn(random.nextLong(), new long[] {1, 3, 24});
    Map<String, INDArray> out = UNetFixture.run(slice, inputs(sample, new long[] {5}, text));
    // 13×22 → 7×11 → 4×6 on the way down; up blocks upsample to the skips' 7×11 and 13×22.
    assertThat(out.get(slice.outputName(up1)).shape()).containsExactly(1, 96, 13, 22);
    assertThat(out.get(slice.outputName(noise)).shape()).containsExactly(1, 4, 13, 22);
  }

  @Test
  void batchRowsAreIndependentAndAScalarTimestepIsBroadcast() {
    TapName noise = TapName.model(TapType.NOISE_PRED);
    TapName mid = TapName.blockOutput(Stage.MID, 0);
    UNetSlice slice = UNetGraph.slice(checkpoint, List.of(mid, noise));
    Random random = new Random(2);
    INDArray sample = Nd4j.randn(random.nextLong(), new long[] {2, 4, 8, 12});
    INDArray text = Nd4j.randn(random.nextLong(), new long[] {2, 5, 24});

    Map<String, INDArray> batched = UNetFixture.run(slice, inputs(sample, new long[] {-321}, text));
    for (int row = 0; row < 2; row++) {
      INDArray oneSample = sample.get(NDArrayIndex.interval(row, row + 1)).dup();
      INDArray oneText = text.get(NDArrayIndex.interval(row, row + 1)).dup();
      Map<String, INDArray> single =
          UNetFixture.run(slice, inputs(oneSample, new long[] {321}, oneText));
      for (TapName t : List.of(mid, noise)) {
        INDArray rowOfBatch =
            batched.get(slice.outputName(t)).get(NDArrayIndex.interval(row, row + 1));
        double diff = UNetFixture.maxAbsDiff(rowOfBatch, single.get(slice.outputName(t)));
        System.out.printf("row %d %s: batched vs single max|diff| %.3e%n", row, t, diff);
        assertThat(diff).isLessThan(1e-5);
      }
    }
  }
}
