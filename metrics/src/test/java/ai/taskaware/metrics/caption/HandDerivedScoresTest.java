package ai.taskaware.metrics.caption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Small cases whose scores are worked out by hand from pycocoevalcap's formulas (in the comments),
 * on pre-tokenized text so that only the scorers are under test. TINY = 1e-15 and SMALL = 1e-9 are
 * BLEU's guards: p_n = (correct + TINY) / (guess + SMALL), BP = exp(1 − (r + SMALL)/(c + TINY))
 * when (c + TINY)/(r + SMALL) < 1.
 */
class HandDerivedScoresTest {
  private static final double TINY = 1e-15;
  private static final double SMALL = 1e-9;
  private static final CaptionScorer SCORER = new CaptionScorer(CaptionTokenizer.none());

  @Test
  void bleuAndRougeOnOneImageWithTwoReferences() {
    // candidate "a cat sat on the mat" (c = 6); references of length 6 and 6, so r = 6.
    // 1-grams: all 6 appear (max ref counts the:2, a:2)          → 6/6
    // 2-grams: a cat (ref 2), cat sat, sat on, on the, the mat   → 5/5
    // 3-grams: cat sat on, sat on the, on the mat; not a cat sat → 3/4
    // 4-grams: cat sat on the, sat on the mat; not a cat sat on  → 2/3
    // BLEU-n = (Π p_k)^(1/n) · BP: 1, 1, (3/4)^(1/3) = 0.908560, (1/2)^(1/4) = 0.840896.
    CaptionScores s =
        score(
            Map.of("img", List.of("the cat sat on the mat", "a cat is on a mat")),
            Map.of("img", "a cat sat on the mat"));
    double p1 = (6 + TINY) / (6 + SMALL);
    double p2 = (5 + TINY) / (5 + SMALL);
    double p3 = (3 + TINY) / (4 + SMALL);
    double p4 = (2 + TINY) / (3 + SMALL);
    double bp = Math.exp(1 - 1 / ((6 + TINY) / (6 + SMALL)));
    assertThat(s.get("Bleu_1")).isCloseTo(p1 * bp, within(1e-15));
    assertThat(s.get("Bleu_2")).isCloseTo(Math.sqrt(p1 * p2) * bp, within(1e-15));
    assertThat(s.get("Bleu_3")).isCloseTo(Math.cbrt(p1 * p2 * p3) * bp, within(1e-15));
    assertThat(s.get("Bleu_4")).isCloseTo(Math.pow(p1 * p2 * p3 * p4, 0.25) * bp, within(1e-15));
    assertThat(s.get("Bleu_3")).isCloseTo(0.9085602964, within(1e-9));
    assertThat(s.get("Bleu_4")).isCloseTo(0.8408964153, within(1e-9));
    // ROUGE-L: LCS with ref 1 = "cat sat on the mat" (5), with ref 2 = "a cat on mat" (4);
    // max P = 5/6, max R = 5/6, F = (1 + 1.44)·P·R / (R + 1.44·P) = 5/6.
    assertThat(s.get("ROUGE_L")).isCloseTo(5.0 / 6, within(1e-15));
    // A single image: idf numerator log(1) = 0 and every df is 1, so all tf-idf weights are 0.
    assertThat(s.get("CIDEr")).isEqualTo(0.0);
    assertThat(s.perImage().get("img")).containsEntry("Bleu_1", s.get("Bleu_1"));
  }

  @Test
  void rougeTakesMaxPrecisionAndMaxRecallFromDifferentReferences() {
    // candidate "a b c": vs "a b" LCS 2 → P 2/3, R 1; vs "a b c d e f" LCS 3 → P 1, R 1/2.
    // max P = 1 and max R = 1 come from different references, so F = 1.
    CaptionScores s = score(Map.of("i", List.of("a b", "a b c d e f")), Map.of("i", "a b c"));
    assertThat(s.get("ROUGE_L")).isEqualTo(1.0);
    // With only the long reference: P = 1, R = 1/2, F = 2.44·0.5 / (0.5 + 1.44) = 0.628866.
    CaptionScores one = score(Map.of("i", List.of("a b c d e f")), Map.of("i", "a b c"));
    assertThat(one.get("ROUGE_L")).isCloseTo(2.44 * 0.5 / (0.5 + 1.44), within(1e-15));
  }

  @Test
  void closestReferenceLengthTiesGoToTheShorter() {
    // c = 5; references of length 4 and 6 are equally close, Python's min((|l − c|, l)) picks 4,
    // so c/r > 1 and there is no brevity penalty: every p_n is (k + TINY)/(k + SMALL) ≈ 1.
    // Choosing 6 would have cost BP = exp(1 − 6/5) = 0.8187.
    CaptionScores s =
        score(Map.of("i", List.of("a b c d", "a b c d e f")), Map.of("i", "a b c d e"));
    double p1 = (5 + TINY) / (5 + SMALL);
    assertThat(s.get("Bleu_1")).isCloseTo(p1, within(1e-15));
    assertThat(s.get("Bleu_4")).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void repeatedNgramsAreClippedInBleu() {
    // candidate "the the the the": 'the' counts 4, clipped to the reference's 2 → p1 = 2/4;
    // "the the" ×3 never in the reference → p2 = TINY/(3 + SMALL). c = 4, r = 5 → BP = e^(−1/4).
    CaptionScores s =
        score(Map.of("i", List.of("the cat on the mat")), Map.of("i", "the the the the"));
    double p1 = (2 + TINY) / (4 + SMALL);
    double p2 = TINY / (3 + SMALL);
    double bp = Math.exp(1 - (5 + SMALL) / (4 + TINY));
    assertThat(s.get("Bleu_1")).isCloseTo(p1 * bp, within(1e-15));
    assertThat(s.get("Bleu_1")).isCloseTo(0.5 * Math.exp(-0.25), within(1e-9));
    assertThat(s.get("Bleu_2")).isCloseTo(Math.sqrt(p1 * p2) * bp, within(1e-22));
  }

  @Test
  void corpusBleuPoolsCountsAcrossImages() {
    // image 1 "a b" vs "a b": 1-grams 2/2, 2-grams 1/1. image 2 "c d e f" vs "x y z w": 0/4, 0/3.
    // Corpus: p1 = 2/6, p2 = 1/4, c = r = 6 → BLEU-2 = √(1/12) = 0.288675 (BP ≈ 1 − 3e-10).
    Map<String, List<String>> refs = new LinkedHashMap<>();
    refs.put("1", List.of("a b"));
    refs.put("2", List.of("x y z w"));
    Map<String, String> cands = new LinkedHashMap<>();
    cands.put("1", "a b");
    cands.put("2", "c d e f");
    CaptionScores s = score(refs, cands);
    double bp = Math.exp(1 - (6 + SMALL) / (6 + TINY));
    double p1 = (2 + TINY) / (6 + SMALL);
    double p2 = (1 + TINY) / (4 + SMALL);
    assertThat(s.get("Bleu_1")).isCloseTo(p1 * bp, within(1e-15));
    assertThat(s.get("Bleu_2")).isCloseTo(Math.sqrt(p1 * p2) * bp, within(1e-15));
    assertThat(s.get("Bleu_2")).isCloseTo(Math.sqrt(1.0 / 12), within(1e-9));
    // Per image, image 2 has no match at all: BLEU-1 = TINY/(4 + SMALL).
    assertThat(s.perImage().get("2").get("Bleu_1")).isCloseTo(TINY / (4 + SMALL), within(1e-25));
    // Image 1 alone: p1 = (2 + TINY)/(2 + SMALL), p2 = (1 + TINY)/(1 + SMALL) and BP from c = r = 2
    // each fall short of 1 by the guards: 1 − (0.25 + 0.5 + 0.5)e-9.
    assertThat(s.perImage().get("1").get("Bleu_2")).isCloseTo(1 - 1.25e-9, within(1e-14));
    assertThat(s.perImage().keySet()).containsExactly("1", "2");
  }

  @Test
  void ciderOnTwoImagesWithClippingAndLengthPenalty() {
    // Two images, idf numerator ln 2; every reference n-gram has df 1 → weight tf·ln 2, and the
    // unseen candidate n-grams (df 0 → log max(1, 0) = 0) also weigh tf·ln 2.
    // Image A, candidate "a a b" vs "a b":
    //   n=1: hyp a = 2 ln2, b = ln2; ref a = b = ln2: Σ min(h, r)·r = 2 ln²2, ‖h‖‖r‖ = √5·√2 ln²2
    //        → 2/√10
    //   n=2: hyp "a a", "a b" = ln2 each; ref "a b" = ln2 → ln²2 / (√2 ln2 · ln2) = 1/√2
    //   n=3: ref has no trigram → 0; n=4: none → 0
    //   length = bigram count: 2 vs 1 → penalty e^(−1/72)
    //   CIDEr_A = 10 · (2/√10 + 1/√2) / 4 · e^(−1/72) = 3.348906 · 0.986207 = 3.302714
    // Image B, candidate "c e" vs "c d": n=1 ln²2 / (√2 ln2 · √2 ln2) = 1/2; n=2 0 → 10 · 0.5/4 =
    // 1.25.
    // CIDEr = (3.302714 + 1.25) / 2 = 2.276357.
    Map<String, List<String>> refs = new LinkedHashMap<>();
    refs.put("A", List.of("a b"));
    refs.put("B", List.of("c d"));
    Map<String, String> cands = new LinkedHashMap<>();
    cands.put("A", "a a b");
    cands.put("B", "c e");
    CaptionScores s = score(refs, cands);
    double ciderA = 10 * (2 / Math.sqrt(10) + 1 / Math.sqrt(2)) / 4 * Math.exp(-1.0 / 72);
    double ciderB = 1.25;
    assertThat(s.perImage().get("A").get("CIDEr")).isCloseTo(ciderA, within(1e-14));
    assertThat(s.perImage().get("B").get("CIDEr")).isCloseTo(ciderB, within(1e-14));
    assertThat(s.get("CIDEr")).isCloseTo((ciderA + ciderB) / 2, within(1e-14));
    assertThat(s.get("CIDEr")).isCloseTo(2.2763574, within(1e-7));
  }

  @Test
  void ciderAveragesOverReferencesAndSharesDocumentFrequency() {
    // Image A: candidate "a b", references "a b" and "x y"; image B: candidate "a c", ref "a c".
    // df: a = 2 (both images), b = x = y = c = 1, bigrams 1. Weights: a → ln2 − ln2 = 0, others
    // ln2.
    // A vs "a b": n=1 hyp (0, ln2) ref (0, ln2) → 1; n=2 "a b" → 1;           sum 2
    // A vs "x y": nothing shared → 0.                   CIDEr_A = 10 · (2 + 0)/4 / 2 = 2.5
    // B vs "a c": n=1 (0, ln2) vs (0, ln2) → 1; n=2 → 1. CIDEr_B = 10 · 2/4 = 5.
    Map<String, List<String>> refs = new LinkedHashMap<>();
    refs.put("A", List.of("a b", "x y"));
    refs.put("B", List.of("a c"));
    Map<String, String> cands = new LinkedHashMap<>();
    cands.put("A", "a b");
    cands.put("B", "a c");
    CaptionScores s = score(refs, cands);
    assertThat(s.perImage().get("A").get("CIDEr")).isCloseTo(2.5, within(1e-14));
    assertThat(s.perImage().get("B").get("CIDEr")).isCloseTo(5.0, within(1e-14));
  }

  @Test
  void referencesOfUnscoredImagesDoNotEnterDocumentFrequency() {
    // Same as the two-image CIDEr case plus an image with references but no candidate: the
    // reference scores only the images with results, so the extra image changes nothing.
    Map<String, List<String>> refs = new LinkedHashMap<>();
    refs.put("A", List.of("a b"));
    refs.put("B", List.of("c d"));
    refs.put("unscored", List.of("a b c d", "a c e"));
    Map<String, String> cands = new LinkedHashMap<>();
    cands.put("A", "a a b");
    cands.put("B", "c e");
    assertThat(score(refs, cands).get("CIDEr")).isCloseTo(2.2763574, within(1e-7));
  }

  private static CaptionScores score(Map<String, List<String>> refs, Map<String, String> cands) {
    return SCORER.score(refs, cands);
  }
}
