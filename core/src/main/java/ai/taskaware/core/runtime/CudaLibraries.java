package ai.taskaware.core.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Finds the shared libraries ORT's CUDA provider loads, without loading them: ORT dlopens its CUDA
 * provider only when a session asks for it, and some failures there end the process instead of
 * returning an error, so the presence of the libraries is checked by name first.
 */
final class CudaLibraries {

  /** What {@code libonnxruntime_providers_cuda.so} of ORT 1.2x links against: CUDA 12, cuDNN 9. */
  static final List<String> REQUIRED =
      List.of(
          "libcudart.so.12",
          "libcublas.so.12",
          "libcublasLt.so.12",
          "libcufft.so.11",
          "libcudnn.so.9");

  private final List<Path> searchDirectories;
  private final Set<String> linkerCache;

  CudaLibraries(List<Path> searchDirectories, Set<String> linkerCache) {
    this.searchDirectories = List.copyOf(searchDirectories);
    this.linkerCache = Set.copyOf(linkerCache);
  }

  /**
   * The libraries as this machine's dynamic linker would find them: {@code LD_LIBRARY_PATH}, every
   * {@code /usr/local/cuda*}{@code /lib64}, {@code /usr/lib/x86_64-linux-gnu}, and the names listed
   * by {@code ldconfig -p} when that command is available.
   */
  static CudaLibraries ofThisMachine() {
    Set<Path> dirs = new LinkedHashSet<>();
    String ldPath = System.getenv("LD_LIBRARY_PATH");
    if (ldPath != null) {
      for (String entry : ldPath.split(":")) {
        if (!entry.isBlank()) {
          dirs.add(Path.of(entry));
        }
      }
    }
    Path usrLocal = Path.of("/usr/local");
    if (Files.isDirectory(usrLocal)) {
      try (DirectoryStream<Path> cudas = Files.newDirectoryStream(usrLocal, "cuda*")) {
        for (Path cuda : cudas) {
          dirs.add(cuda.resolve("lib64"));
        }
      } catch (IOException e) {
        // An unreadable /usr/local only narrows the search; the report lists what was searched.
      }
    }
    dirs.add(Path.of("/usr/lib/x86_64-linux-gnu"));
    return new CudaLibraries(new ArrayList<>(dirs), readLinkerCache());
  }

  /** The directories searched, in order. */
  List<Path> searchDirectories() {
    return searchDirectories;
  }

  /**
   * The {@link #REQUIRED} libraries found neither in a search directory nor in the linker cache.
   */
  List<String> missing() {
    List<String> missing = new ArrayList<>();
    for (String library : REQUIRED) {
      if (!linkerCache.contains(library) && !inSearchDirectories(library)) {
        missing.add(library);
      }
    }
    return missing;
  }

  /**
   * Other versions of {@code library} in the search directories ({@code libcudart.so.13} for {@code
   * libcudart.so.12}), which ORT's provider cannot use but which explain a failed check.
   */
  List<String> otherVersions(String library) {
    int so = library.indexOf(".so.");
    if (so < 0) {
      return List.of();
    }
    String stem = library.substring(0, so + 4);
    Set<String> found = new java.util.TreeSet<>();
    for (Path dir : searchDirectories) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (DirectoryStream<Path> matches = Files.newDirectoryStream(dir, stem + "*")) {
        for (Path match : matches) {
          String name = match.getFileName().toString();
          if (!name.equals(library)) {
            found.add(name);
          }
        }
      } catch (IOException e) {
        // Unreadable directory: nothing to report from it.
      }
    }
    return new ArrayList<>(found);
  }

  private boolean inSearchDirectories(String library) {
    for (Path dir : searchDirectories) {
      if (Files.exists(dir.resolve(library))) {
        return true;
      }
    }
    return false;
  }

  /** Library names from {@code ldconfig -p}; empty when ldconfig is absent or fails. */
  private static Set<String> readLinkerCache() {
    for (String ldconfig : List.of("/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig")) {
      if (ldconfig.startsWith("/") && !Files.isExecutable(Path.of(ldconfig))) {
        continue;
      }
      try {
        Process process = new ProcessBuilder(ldconfig, "-p").redirectErrorStream(true).start();
        Set<String> names = new HashSet<>();
        try (BufferedReader out =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          // Lines look like "\tlibcudart.so.12 (libc6,x86-64) => /usr/lib/.../libcudart.so.12".
          for (String line = out.readLine(); line != null; line = out.readLine()) {
            String trimmed = line.trim();
            int space = trimmed.indexOf(' ');
            if (space > 0 && trimmed.contains("=>")) {
              names.add(trimmed.substring(0, space));
            }
          }
        }
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
        return names;
      } catch (IOException e) {
        // Not installed under this name: try the next one.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Set.of();
      }
    }
    return Set.of();
  }
}
