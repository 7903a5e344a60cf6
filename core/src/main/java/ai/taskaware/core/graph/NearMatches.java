package ai.taskaware.core.graph;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Picks the existing names closest to a misspelt one, for error messages. */
final class NearMatches {

  private static final int LIMIT = 5;

  private NearMatches() {}

  static List<String> of(String wanted, Collection<String> names) {
    String w = wanted.toLowerCase(java.util.Locale.ROOT);
    int maxDistance = Math.max(3, w.length() / 3);
    return names.stream()
        .map(n -> new Scored(n, score(w, n.toLowerCase(java.util.Locale.ROOT))))
        .filter(s -> s.score <= maxDistance)
        .sorted(Comparator.comparingInt((Scored s) -> s.score).thenComparing(s -> s.name))
        .limit(LIMIT)
        .map(s -> s.name)
        .toList();
  }

  private record Scored(String name, int score) {}

  private static int score(String a, String b) {
    if (!a.isEmpty() && (b.contains(a) || a.contains(b))) {
      return 1;
    }
    return levenshtein(a, b);
  }

  private static int levenshtein(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
