package ai.taskaware.examples;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** One in-process run of the command line with captured streams. */
record CliRun(int exitCode, String out, String err) {

  static CliRun of(String... args) {
    return withInput("", args);
  }

  static CliRun withInput(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code =
          Taskaware.run(
              args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), o, e);
    }
    return new CliRun(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** A test resource as a path. */
  static Path resource(String relative) {
    URL url = CliRun.class.getResource("/" + relative);
    if (url == null) {
      throw new IllegalStateException("missing test resource " + relative);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Largest absolute difference; the shapes must agree. */
  static double maxAbsDiff(
      org.nd4j.linalg.api.ndarray.INDArray actual, org.nd4j.linalg.api.ndarray.INDArray expected) {
    org.assertj.core.api.Assertions.assertThat(actual.shape())
        .as("shape")
        .containsExactly(expected.shape());
    org.nd4j.linalg.api.buffer.DataType d = org.nd4j.linalg.api.buffer.DataType.DOUBLE;
    return actual.castTo(d).sub(expected.castTo(d)).amaxNumber().doubleValue();
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- out\n" + out + "\n--- err\n" + err;
  }
}
