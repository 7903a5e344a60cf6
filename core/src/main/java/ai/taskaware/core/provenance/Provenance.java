package ai.taskaware.core.provenance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What produced a result: the component, the checkpoints it read (name → fingerprint), its options,
 * the seeds of every random draw, the library versions and the time. Every result file taskaware
 * writes embeds one, as Tribuo does, so a number can be traced back and reproduced.
 *
 * @param component what ran (e.g. {@code "diffusion-encoder/extract"})
 * @param checkpoints checkpoint role → fingerprint (see {@code CheckpointFingerprint})
 * @param options option name → value, as given
 * @param seeds random-draw name → seed
 * @param versions library → version, see {@link LibraryVersions#current()}
 * @param created when the result was produced
 */
public record Provenance(
    String component,
    Map<String, String> checkpoints,
    Map<String, String> options,
    Map<String, Long> seeds,
    Map<String, String> versions,
    Instant created) {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .findAndRegisterModules()
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT);

  public Provenance {
    if (component == null || component.isBlank()) {
      throw new IllegalArgumentException("provenance component must be a non-empty name");
    }
    checkpoints = sortedCopy(checkpoints);
    options = sortedCopy(options);
    seeds = sortedCopy(seeds);
    versions = sortedCopy(versions);
    if (created == null) {
      throw new IllegalArgumentException("provenance created time must be set");
    }
  }

  private static <V> Map<String, V> sortedCopy(Map<String, V> map) {
    return map == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(map));
  }

  /**
   * Starts a provenance record for {@code component}, stamped now with the current library
   * versions.
   */
  public static Provenance of(String component) {
    return new Provenance(
        component, Map.of(), Map.of(), Map.of(), LibraryVersions.current(), Instant.now());
  }

  /** A copy that also records {@code role → fingerprint}. */
  public Provenance withCheckpoint(String role, String fingerprint) {
    return new Provenance(
        component, put(checkpoints, role, fingerprint), options, seeds, versions, created);
  }

  /** A copy that also records option {@code name = String.valueOf(value)}. */
  public Provenance withOption(String name, Object value) {
    return new Provenance(
        component,
        checkpoints,
        put(options, name, String.valueOf(value)),
        seeds,
        versions,
        created);
  }

  /** A copy that also records the seed of random draw {@code name}. */
  public Provenance withSeed(String name, long seed) {
    return new Provenance(
        component, checkpoints, options, put(seeds, name, seed), versions, created);
  }

  private static <V> Map<String, V> put(Map<String, V> map, String key, V value) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("provenance keys must be non-empty names");
    }
    Map<String, V> copy = new TreeMap<>(map);
    copy.put(key, value);
    return copy;
  }

  /** Pretty-printed JSON, keys sorted, time in ISO-8601. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("provenance could not be written as JSON", e);
    }
  }

  /** Parses what {@link #toJson()} wrote. */
  public static Provenance fromJson(String json) {
    try {
      return JSON.readValue(json, Provenance.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "not a provenance JSON object: " + e.getOriginalMessage(), e);
    }
  }

  /** Writes {@link #toJson()} to {@code file}. */
  public void writeTo(Path file) {
    try {
      java.nio.file.Files.writeString(file, toJson());
    } catch (IOException e) {
      throw new UncheckedIOException("could not write provenance to " + file, e);
    }
  }
}
