package ai.taskaware.benchmarks.coco;

import ai.taskaware.benchmarks.io.BenchmarkDataException;
import ai.taskaware.benchmarks.io.DatasetRoot;
import ai.taskaware.benchmarks.io.ImageSource;
import ai.taskaware.benchmarks.io.JsonFiles;
import ai.taskaware.benchmarks.io.JsonRecord;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads COCO caption annotations and locates their images. Two published formats are recognised by
 * their content:
 *
 * <ul>
 *   <li>COCO format, as {@code captions_val2014.json} and the Karpathy-split ground truths that
 *       captioning repositories ship ({@code {"images": [{"id", "file_name"?}], "annotations":
 *       [{"image_id", "caption"}]}}): every listed image, in {@code images} order, with its
 *       captions in annotation order. An image without {@code file_name} (the Karpathy ground
 *       truths list ids only) is looked up as {@code COCO_val2014_%012d.jpg}, then {@code
 *       val2014/COCO_val2014_%012d.jpg}, then {@code %012d.jpg} under the image folder.
 *   <li>Karpathy's {@code dataset_coco.json} ({@code {"images": [{"filepath", "filename", "cocoid",
 *       "split", "sentences": [{"raw"}]}]}}): the images of one split (by default {@code test}),
 *       file {@code filepath/filename} under the image folder, references the {@code raw}
 *       sentences.
 * </ul>
 */
public final class CocoCaptionDataset {

  /** The Karpathy split evaluated by default. */
  public static final String DEFAULT_SPLIT = "test";

  private CocoCaptionDataset() {}

  /**
   * Loads the images of {@code annotations} (the {@value #DEFAULT_SPLIT} split of a Karpathy {@code
   * dataset_coco.json}).
   *
   * @see #load(Path, Path, String)
   */
  public static List<CocoImage> load(Path annotations, Path imageRoot) {
    return load(annotations, imageRoot, DEFAULT_SPLIT);
  }

  /**
   * Loads the images of {@code annotations} whose files lie under {@code imageRoot}.
   *
   * @param split the Karpathy split to keep ({@code dataset_coco.json} only; COCO-format files are
   *     read whole)
   * @throws BenchmarkDataException on a file of neither format, a malformed record, an annotation
   *     of an unlisted image, an image without captions, a duplicate image id, a path leaving the
   *     image folder, a missing image file, or no images
   */
  public static List<CocoImage> load(Path annotations, Path imageRoot, String split) {
    DatasetRoot images = new DatasetRoot(imageRoot);
    JsonNode root = JsonFiles.read(annotations);
    if (!root.isObject() || !root.path("images").isArray()) {
      throw new BenchmarkDataException(
          annotations, "", "images", "expected an object with an \"images\" array");
    }
    List<CocoImage> out =
        root.path("annotations").isArray()
            ? cocoFormat(root, annotations, images)
            : karpathy(root, annotations, images, split);
    if (out.isEmpty()) {
      throw new BenchmarkDataException(
          annotations,
          "",
          "images",
          "no images" + (root.has("annotations") ? "" : " in split '" + split + "'"));
    }
    return List.copyOf(out);
  }

  private static List<CocoImage> cocoFormat(JsonNode root, Path file, DatasetRoot images) {
    Map<String, JsonRecord> listed = new LinkedHashMap<>();
    int i = 0;
    for (JsonNode node : root.get("images")) {
      JsonRecord image = record(file, "images[" + i++ + "]", node);
      String id = image.id("id");
      JsonRecord located = new JsonRecord(file, image.location() + " (id " + id + ")", node);
      if (listed.put(id, located) != null) {
        throw located.fail("id", "duplicate image id " + id);
      }
    }
    Map<String, List<String>> captions = new LinkedHashMap<>();
    int a = 0;
    for (JsonNode node : root.get("annotations")) {
      JsonRecord annotation = record(file, "annotations[" + a++ + "]", node);
      String id = annotation.id("image_id");
      if (!listed.containsKey(id)) {
        throw annotation.fail("image_id", "image " + id + " is not in \"images\"");
      }
      captions.computeIfAbsent(id, k -> new ArrayList<>()).add(annotation.text("caption", true));
    }
    List<CocoImage> out = new ArrayList<>();
    for (Map.Entry<String, JsonRecord> entry : listed.entrySet()) {
      JsonRecord image = entry.getValue();
      List<String> references = captions.get(entry.getKey());
      if (references == null) {
        throw image.fail("id", "image has no caption in \"annotations\"");
      }
      Path path =
          image.optionalText("file_name").isPresent()
              ? existing(
                  images.resolve(image.text("file_name"), file, image.location(), "file_name"),
                  file,
                  image,
                  "file_name")
              : byId(entry.getKey(), images, file, image);
      out.add(new CocoImage(entry.getKey(), ImageSource.file(path), references));
    }
    return out;
  }

  private static List<CocoImage> karpathy(
      JsonNode root, Path file, DatasetRoot images, String split) {
    List<CocoImage> out = new ArrayList<>();
    Map<String, String> seen = new LinkedHashMap<>();
    int i = 0;
    for (JsonNode node : root.get("images")) {
      JsonRecord image = record(file, "images[" + i++ + "]", node);
      if (!image.text("split").equals(split)) {
        continue;
      }
      String id = image.id("cocoid");
      JsonRecord located = new JsonRecord(file, image.location() + " (cocoid " + id + ")", node);
      if (seen.put(id, id) != null) {
        throw located.fail("cocoid", "duplicate image id " + id);
      }
      JsonNode sentences = node.get("sentences");
      if (sentences == null || !sentences.isArray() || sentences.isEmpty()) {
        throw located.fail("sentences", "expected a non-empty array of {\"raw\": caption}");
      }
      List<String> references = new ArrayList<>();
      int s = 0;
      for (JsonNode sentence : sentences) {
        references.add(
            record(file, located.location() + " sentences[" + s++ + "]", sentence)
                .text("raw", true));
      }
      String relative =
          located.optionalText("filepath").map(p -> p + "/").orElse("") + located.text("filename");
      Path path =
          existing(
              images.resolve(relative, file, located.location(), "filename"),
              file,
              located,
              "filename");
      out.add(new CocoImage(id, ImageSource.file(path), references));
    }
    return out;
  }

  private static JsonRecord record(Path file, String location, JsonNode node) {
    if (!node.isObject()) {
      throw new BenchmarkDataException(file, location, "", "expected a JSON object");
    }
    return new JsonRecord(file, location, node);
  }

  private static Path existing(Path image, Path file, JsonRecord record, String field) {
    return DatasetRoot.requireImage(image, file, record.location(), field);
  }

  private static Path byId(String id, DatasetRoot images, Path file, JsonRecord record) {
    long number;
    try {
      number = Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw record.fail("file_name", "missing, and the id '" + id + "' is not a COCO number");
    }
    String name = String.format(Locale.ROOT, "COCO_val2014_%012d.jpg", number);
    List<String> candidates =
        List.of(name, "val2014/" + name, String.format(Locale.ROOT, "%012d.jpg", number));
    for (String candidate : candidates) {
      Path path = images.resolve(candidate, file, record.location(), "file_name");
      if (Files.isRegularFile(path)) {
        return path;
      }
    }
    throw record.fail(
        "file_name", "missing, and no image file " + candidates + " under " + images.root());
  }
}
