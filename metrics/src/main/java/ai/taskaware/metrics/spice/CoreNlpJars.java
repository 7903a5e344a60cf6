package ai.taskaware.metrics.spice;

import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The two jars SPICE's parses need, found in one folder: CoreNLP 4.5.10 and its English models
 * (tokenizer, PCFG parser and lemmatizer need nothing else at run time).
 */
record CoreNlpJars(Path folder, Path code, Path models) {

  static final String VERSION = "4.5.10";
  static final String CODE_JAR = "stanford-corenlp-" + VERSION + ".jar";
  static final String MODELS_JAR = "stanford-corenlp-" + VERSION + "-models.jar";

  /** The system property naming the folder. */
  static final String PROPERTY = "taskaware.corenlp";

  /** The environment variable naming the folder, read when the property is not set. */
  static final String ENVIRONMENT = "TASKAWARE_CORENLP";

  /**
   * The folder named by {@link #PROPERTY} or {@link #ENVIRONMENT}, else the local Maven
   * repository's folder of the release (where {@code mvn dependency:get} puts both jars).
   */
  static CoreNlpJars locate() {
    String named = System.getProperty(PROPERTY);
    if (named == null || named.isBlank()) {
      named = System.getenv(ENVIRONMENT);
    }
    if (named != null && !named.isBlank()) {
      return in(Path.of(named));
    }
    Path m2 =
        Path.of(
            System.getProperty("user.home"),
            ".m2",
            "repository",
            "edu",
            "stanford",
            "nlp",
            "stanford-corenlp",
            VERSION);
    if (!Files.isDirectory(m2)) {
      throw new CoreNlpMissingException(
          "SPICE needs Stanford CoreNLP "
              + VERSION
              + " and its English models, and no folder is given: pass the folder (CLI --corenlp DIR,"
              + " system property -D"
              + PROPERTY
              + "=DIR or environment variable "
              + ENVIRONMENT
              + ") holding "
              + CODE_JAR
              + " and "
              + MODELS_JAR
              + ". "
              + fetchCommands("DIR"));
    }
    return in(m2);
  }

  /** The jars in {@code folder}, or a {@link CoreNlpMissingException} naming what is missing. */
  static CoreNlpJars in(Path folder) {
    if (folder == null) {
      throw new CoreNlpMissingException("SPICE: the CoreNLP folder is null");
    }
    if (!Files.isDirectory(folder)) {
      throw new CoreNlpMissingException(
          "SPICE: CoreNLP folder "
              + folder.toAbsolutePath()
              + " does not exist; it must hold "
              + CODE_JAR
              + " and "
              + MODELS_JAR
              + ". "
              + fetchCommands(folder.toString()));
    }
    Path code = folder.resolve(CODE_JAR);
    Path models = folder.resolve(MODELS_JAR);
    List<String> missing = new ArrayList<>();
    if (!Files.isRegularFile(code)) {
      missing.add(CODE_JAR);
    }
    if (!Files.isRegularFile(models)) {
      missing.add(MODELS_JAR);
    }
    if (!missing.isEmpty()) {
      throw new CoreNlpMissingException(
          "SPICE: CoreNLP folder "
              + folder.toAbsolutePath()
              + " lacks "
              + String.join(" and ", missing)
              + " (Stanford CoreNLP "
              + VERSION
              + ", models ~474 MB). "
              + fetchCommands(folder.toString()));
    }
    return new CoreNlpJars(folder, code, models);
  }

  /** The mvn commands that put both jars into {@code folder}. */
  static String fetchCommands(String folder) {
    String artifact = "edu.stanford.nlp:stanford-corenlp:" + VERSION;
    return String.format(
        Locale.ROOT,
        "Fetch them with: mvn dependency:copy -Dartifact=%s -DoutputDirectory=%s && mvn"
            + " dependency:copy -Dartifact=%s:jar:models -DoutputDirectory=%s",
        artifact,
        folder,
        artifact,
        folder);
  }

  URL[] urls() {
    try {
      return new URL[] {code.toUri().toURL(), models.toUri().toURL()};
    } catch (MalformedURLException e) {
      throw new CoreNlpMissingException("SPICE: cannot turn " + folder + " into a URL: " + e);
    }
  }
}
