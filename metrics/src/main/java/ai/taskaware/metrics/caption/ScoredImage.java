package ai.taskaware.metrics.caption;

import java.util.List;

/** One image's tokenized candidate and references, as the scorers read them. */
record ScoredImage(String imageId, String candidate, List<String> references) {}
