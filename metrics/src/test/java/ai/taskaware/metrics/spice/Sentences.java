package ai.taskaware.metrics.spice;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Hand-written dependency graphs, in CoreNLP 3.6.0's (UD v1) relation names as SPICE saw them. */
final class Sentences {
  private static final Pattern EDGE = Pattern.compile("([a-z:_]+)\\((\\d+),(\\d+)\\)");

  private Sentences() {}

  /**
   * @param tokens space-separated {@code word/lemma/TAG}, numbered from 1
   * @param edges space-separated {@code rel(governor,dependent)}; {@code root(0,i)} marks a root
   */
  static DependencyGraph graph(String tokens, String edges) {
    Map<Integer, DependencyGraph.Token> byIndex = new LinkedHashMap<>();
    String[] parts = tokens.trim().split("\\s+");
    for (int i = 0; i < parts.length; i++) {
      String[] t = parts[i].split("/");
      byIndex.put(i + 1, new DependencyGraph.Token(i + 1, t[0], t[1], t[2]));
    }
    List<DependencyGraph.Edge> list = new ArrayList<>();
    Set<Integer> roots = new HashSet<>();
    Matcher m = EDGE.matcher(edges);
    while (m.find()) {
      int g = Integer.parseInt(m.group(2));
      int d = Integer.parseInt(m.group(3));
      if (m.group(1).equals("root")) {
        roots.add(d);
      } else {
        list.add(new DependencyGraph.Edge(g, d, m.group(1)));
      }
    }
    return new DependencyGraph(byIndex, list, roots);
  }

  static List<List<String>> tuples(String tokens, String edges) {
    return SpiceRules.tuples(List.of(graph(tokens, edges)));
  }
}
