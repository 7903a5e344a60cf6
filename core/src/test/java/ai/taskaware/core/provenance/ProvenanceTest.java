package ai.taskaware.core.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProvenanceTest {

  @Test
  void jsonRoundTripKeepsEveryField() {
    Provenance p =
        Provenance.of("diffusion-encoder/extract")
            .withCheckpoint("unet", "ab12")
            .withOption("timestep", 50)
            .withOption("guidance", 4.0)
            .withSeed("noise", 1234L);
    Provenance back = Provenance.fromJson(p.toJson());
    assertThat(back).isEqualTo(p);
    assertThat(back.options()).containsEntry("timestep", "50").containsEntry("guidance", "4.0");
    assertThat(back.seeds()).containsEntry("noise", 1234L);
  }

  @Test
  void versionsComeFromTheBuildAndTheLoadedRuntime() {
    var v = LibraryVersions.current();
    // Filtered from the parent pom: a literal "${...}" would mean resource filtering is broken.
    assertThat(v.get("taskaware")).doesNotContain("${").isNotEqualTo("unknown");
    assertThat(v.get("nd4j")).isEqualTo("1.0.0-M2.1");
    assertThat(v.get("onnxruntime")).startsWith("1.29");
    assertThat(v).containsKeys("java", "os", "protobuf-java", "djl-tokenizers");
  }

  @Test
  void emptyComponentOrKeyIsRejected() {
    assertThatThrownBy(() -> Provenance.of(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Provenance.of("x").withSeed("", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-empty");
  }

  @Test
  void malformedJsonIsRejectedWithAClearMessage() {
    assertThatThrownBy(() -> Provenance.fromJson("{\"component\": 3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("provenance");
  }
}
