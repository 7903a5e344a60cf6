/**
 * SPICE, the scene-graph caption metric (Anderson et al., ECCV 2016), reimplemented after SPICE 1.0
 * (the release pycocoevalcap runs): tuples by SPICE's rules over Stanford CoreNLP dependency
 * parses, scene graphs that merge similar concepts, WordNet 3.0 synonym matching, per-image F1 in
 * all tuples and in the Object, Attribute, Relation, Cardinality (count), Color and Size subsets.
 * Entry point: {@link ai.taskaware.metrics.spice.SpiceScorer}.
 *
 * <p>CoreNLP's scene-graph code exists on Maven Central only from 4.5 on, while pycocoevalcap's PTB
 * tokenization needs CoreNLP 3.4.1 in the same packages; so 4.5.10 is loaded from a folder of its
 * jars in an isolated class loader ({@code CoreNlpDependencyParser}, the only class that touches
 * it). Its UD v2 relation names are mapped to the UD v1 names SPICE's rules were written for. SPICE
 * itself (AGPL) is not shipped or called: its behaviour is rewritten here.
 */
package ai.taskaware.metrics.spice;
