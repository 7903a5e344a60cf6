package ai.taskaware.core.provenance;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Versions of taskaware and of the native stacks a result depended on. */
public final class LibraryVersions {

  private LibraryVersions() {}

  /**
   * taskaware, ONNX Runtime, ND4J, protobuf, Java and OS versions of this process. ONNX Runtime's
   * version is read from the loaded native library, so it is the one that actually ran.
   */
  public static Map<String, String> current() {
    Map<String, String> v = new LinkedHashMap<>();
    Properties build = buildProperties();
    v.put("taskaware", build.getProperty("version", "unknown"));
    v.put("onnxruntime", OrtEnvironment.getEnvironment().getVersion());
    for (String lib : new String[] {"nd4j", "protobuf-java", "djl-tokenizers"}) {
      v.put(lib, build.getProperty(lib, "unknown"));
    }
    v.put(
        "java",
        System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
    v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    return v;
  }

  /** The taskaware version this build was made from. */
  public static String taskaware() {
    return buildProperties().getProperty("version", "unknown");
  }

  // Versions pinned in the parent pom, written into this resource by Maven's resource filtering at
  // build time:
  // one source of truth, nothing to keep in sync by hand.
  private static Properties buildProperties() {
    Properties p = new Properties();
    try (InputStream in =
        LibraryVersions.class.getResourceAsStream("taskaware-version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // An unreadable resource leaves the versions "unknown"; provenance must never fail a run.
    }
    return p;
  }
}
