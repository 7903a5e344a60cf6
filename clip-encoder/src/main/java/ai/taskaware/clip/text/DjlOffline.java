package ai.taskaware.clip.text;

/**
 * Keeps DJL off the network. DJL 0.38 reads {@code DJL_OFFLINE} from the environment or the {@code
 * ai.djl.offline} system property, and {@code OPT_OUT_TRACKING} from the environment or a system
 * property of that name; when the environment does not set them, the properties are set here, so
 * tokenizers come from local files and the native library from the DJL jar.
 */
final class DjlOffline {
  private DjlOffline() {}

  static void ensure() {
    if (System.getenv("DJL_OFFLINE") == null && System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    if (System.getenv("OPT_OUT_TRACKING") == null
        && System.getProperty("OPT_OUT_TRACKING") == null) {
      System.setProperty("OPT_OUT_TRACKING", "true");
    }
  }
}
