package ai.taskaware.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CUDA opt-in fails with a typed, explanatory exception instead of crashing. */
class ExecutionProviderTest {

  @Test
  void requestingCudaWithoutCudaNamesWhatIsMissing() {
    List<String> missing = CudaLibraries.ofThisMachine().missing();
    boolean cudaBuild = OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
    assumeTrue(!missing.isEmpty() || !cudaBuild, "this machine can run CUDA");

    assertThatThrownBy(
            () -> OnnxSession.open(OnnxTestModels.add(), RuntimeOptions.cpu().withCuda(0)))
        .isInstanceOfSatisfying(
            ExecutionProviderUnavailableException.class,
            e -> {
              assertThat(e.provider()).isEqualTo(ExecutionProvider.CUDA);
              assertThat(e.missingLibraries()).isEqualTo(missing);
              for (String library : missing) {
                assertThat(e.getMessage()).contains(library);
              }
              if (!cudaBuild) {
                assertThat(e.getMessage()).contains("CPU-only 'onnxruntime'").contains("-Pcuda");
              }
            });
  }

  @Test
  void libraryCheckFindsLibrariesByExactName(@TempDir Path dir) throws Exception {
    Path lib = Files.createDirectory(dir.resolve("lib64"));
    Files.createFile(lib.resolve("libcudart.so.12"));
    Files.createFile(lib.resolve("libcublas.so.12"));
    // A wrong major version does not count.
    Files.createFile(lib.resolve("libcudnn.so.8"));
    CudaLibraries libraries = new CudaLibraries(List.of(lib), Set.of("libcufft.so.11"));

    assertThat(libraries.missing()).containsExactly("libcublasLt.so.12", "libcudnn.so.9");

    ExecutionProviderUnavailableException e =
        OnnxSession.cudaUnavailable(
                "m.onnx", EnumSet.of(OrtProvider.CPU, OrtProvider.CUDA), libraries)
            .orElseThrow();
    assertThat(e.getMessage())
        .startsWith("m.onnx: ")
        .contains("missing CUDA 12 / cuDNN 9 libraries: libcublasLt.so.12, libcudnn.so.9")
        .contains(lib.toString())
        .contains("found other major versions that ORT's CUDA provider cannot load: libcudnn.so.8")
        .doesNotContain("-Pcuda");
  }

  @Test
  void cpuOnlyBuildIsReportedEvenWhenLibrariesArePresent(@TempDir Path dir) throws Exception {
    for (String name : CudaLibraries.REQUIRED) {
      Files.createFile(dir.resolve(name));
    }
    CudaLibraries all = new CudaLibraries(List.of(dir), Set.of());
    assertThat(all.missing()).isEmpty();
    assertThat(OnnxSession.cudaUnavailable("m", EnumSet.of(OrtProvider.CPU, OrtProvider.CUDA), all))
        .isEmpty();
    ExecutionProviderUnavailableException e =
        OnnxSession.cudaUnavailable("m", EnumSet.of(OrtProvider.CPU), all).orElseThrow();
    assertThat(e.missingLibraries()).isEmpty();
    assertThat(e.getMessage()).contains("no CUDA provider").contains("-Pcuda");
  }

  @Test
  void overlongCommandLinesAreRefusedBeforeOrtCanCrash() {
    assertThat(CommandLineGuard.problem(CommandLineGuard.MAX_COMMAND_LINE_BYTES)).isNull();
    assertThat(CommandLineGuard.problem(CommandLineGuard.MAX_COMMAND_LINE_BYTES + 1))
        .contains("3981 bytes")
        .contains("CLASSPATH")
        .contains("@argfile")
        .contains(CommandLineGuard.SKIP_PROPERTY);
    // This test JVM itself passes the check (surefire keeps its command line short).
    CommandLineGuard.check("m");
  }

  @Test
  void optionsAreValidatedAndComposed() {
    RuntimeOptions options =
        RuntimeOptions.cpu().withCuda(1).withIntraOpThreads(2).withPinnedOutputs(false);
    assertThat(options.provider()).isEqualTo(ExecutionProvider.CUDA);
    assertThat(options.cudaDeviceId()).isEqualTo(1);
    assertThat(options.intraOpThreads()).isEqualTo(2);
    assertThat(options.pinOutputs()).isFalse();
    assertThat(options.withProvider(ExecutionProvider.CPU).cudaDeviceId()).isEqualTo(1);
    assertThatThrownBy(() -> RuntimeOptions.cpu().withInterOpThreads(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("interOpThreads");
    assertThatThrownBy(() -> RuntimeOptions.cpu().withLogLevel(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("logLevel");
  }
}
