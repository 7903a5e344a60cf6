package ai.taskaware.core.checkpoint;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Paths of this package's test resources under {@code src/test/resources/checkpoint}. */
final class TestResources {
  private TestResources() {}

  static Path path(String relative) {
    URL url = TestResources.class.getResource("/checkpoint/" + relative);
    if (url == null) {
      throw new IllegalStateException("missing test resource checkpoint/" + relative);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
