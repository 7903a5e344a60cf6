package ai.taskaware.metrics.spice;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Dependency parses for SPICE from Stanford CoreNLP 4.5.10, loaded from its own jars in a class
 * loader whose parent is the platform loader, because the 3.4.1 release that the PTB tokenizer
 * needs sits in the same packages on the application class path. This is the only class that
 * touches CoreNLP 4.5; everything is reached by reflection and turned into a {@link
 * DependencyGraph}.
 *
 * <p>The pipeline is the scene-graph parser's ({@code AbstractSceneGraphParser}: tokenize, ssplit,
 * PCFG parse, lemma, collapsed cc-processed dependencies) without {@code ner}, whose output no
 * SPICE rule reads. Each sentence then goes through the two {@code SemanticGraphEnhancer} steps
 * that change SPICE's input graph: "a lot of"-style quantifiers and pronoun resolution (compound
 * and particle collapsing only add annotations SPICE does not read; plural copying is what SPICE
 * removes).
 */
final class CoreNlpDependencyParser implements AutoCloseable {
  private final URLClassLoader loader;
  private final Object pipeline;
  private final Class<?> annotationClass;
  private final Method annotate;
  private final Method coreMapGet;
  private final Class<?> sentencesKey;
  private final Class<?> dependenciesKey;
  private final Method quantifiers;
  private final Method pronouns;
  private final Method vertexSet;
  private final Method edgeIterable;
  private final Method getRoots;
  private final Method index;
  private final Method word;
  private final Method lemma;
  private final Method tag;
  private final Method governor;
  private final Method dependent;
  private final Method relation;

  private CoreNlpDependencyParser(URLClassLoader loader) throws ReflectiveOperationException {
    this.loader = loader;
    Class<?> coreNlp = type("edu.stanford.nlp.pipeline.StanfordCoreNLP");
    annotationClass = type("edu.stanford.nlp.pipeline.Annotation");
    Class<?> coreMap = type("edu.stanford.nlp.util.CoreMap");
    Class<?> graph = type("edu.stanford.nlp.semgraph.SemanticGraph");
    Class<?> indexedWord = type("edu.stanford.nlp.ling.IndexedWord");
    Class<?> edge = type("edu.stanford.nlp.semgraph.SemanticGraphEdge");
    Class<?> enhancer = type("edu.stanford.nlp.scenegraph.SemanticGraphEnhancer");
    sentencesKey = type("edu.stanford.nlp.ling.CoreAnnotations$SentencesAnnotation");
    dependenciesKey =
        type(
            "edu.stanford.nlp.semgraph.SemanticGraphCoreAnnotations"
                + "$CollapsedCCProcessedDependenciesAnnotation");
    annotate = coreNlp.getMethod("annotate", annotationClass);
    coreMapGet = coreMap.getMethod("get", Class.class);
    quantifiers = enhancer.getMethod("processQuanftificationModifiers", graph);
    pronouns = enhancer.getMethod("resolvePronouns", graph);
    vertexSet = graph.getMethod("vertexSet");
    edgeIterable = graph.getMethod("edgeIterable");
    getRoots = graph.getMethod("getRoots");
    index = indexedWord.getMethod("index");
    word = indexedWord.getMethod("word");
    lemma = indexedWord.getMethod("lemma");
    tag = indexedWord.getMethod("tag");
    governor = edge.getMethod("getGovernor");
    dependent = edge.getMethod("getDependent");
    relation = edge.getMethod("getRelation");

    Properties props = new Properties();
    props.setProperty("annotators", "tokenize,ssplit,parse,lemma");
    props.setProperty("depparse.extradependencies", "MAXIMAL");
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    // CoreNLP finds its models through the context class loader.
    thread.setContextClassLoader(loader);
    try {
      pipeline = coreNlp.getConstructor(Properties.class).newInstance(props);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** Loads CoreNLP from {@code jars} and builds the pipeline (a few seconds: the PCFG model). */
  static CoreNlpDependencyParser open(CoreNlpJars jars) {
    URLClassLoader loader =
        new URLClassLoader("corenlp-" + CoreNlpJars.VERSION, jars.urls(), platform());
    try {
      return new CoreNlpDependencyParser(loader);
    } catch (ReflectiveOperationException | LinkageError e) {
      closeQuietly(loader);
      Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
      throw new CoreNlpMissingException(
          "SPICE: could not start Stanford CoreNLP "
              + CoreNlpJars.VERSION
              + " from "
              + jars.folder().toAbsolutePath()
              + " ("
              + cause
              + "); the folder must hold "
              + CoreNlpJars.CODE_JAR
              + " and "
              + CoreNlpJars.MODELS_JAR
              + " of that release. "
              + CoreNlpJars.fetchCommands(jars.folder().toString()));
    }
  }

  /** The dependency graph of each sentence of {@code text}, in order. */
  List<DependencyGraph> parse(String text) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      Object annotation = annotationClass.getConstructor(String.class).newInstance(text);
      annotate.invoke(pipeline, annotation);
      List<?> sentences = (List<?>) coreMapGet.invoke(annotation, sentencesKey);
      List<DependencyGraph> graphs = new ArrayList<>();
      if (sentences == null) {
        return graphs;
      }
      for (Object sentence : sentences) {
        Object graph = coreMapGet.invoke(sentence, dependenciesKey);
        if (graph != null) {
          // The enhancer's pronoun resolver is one shared static instance; parsing, the slow
          // part, stays parallel.
          synchronized (CoreNlpDependencyParser.class) {
            quantifiers.invoke(null, graph);
            pronouns.invoke(null, graph);
          }
          graphs.add(export(graph));
        }
      }
      return graphs;
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(
          "SPICE: CoreNLP failed to parse \"" + text + "\": " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("SPICE: CoreNLP API mismatch while parsing: " + e, e);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private DependencyGraph export(Object graph) throws ReflectiveOperationException {
    Map<Integer, DependencyGraph.Token> tokens = new LinkedHashMap<>();
    for (Object vertex : (Collection<?>) vertexSet.invoke(graph)) {
      int i = (Integer) index.invoke(vertex);
      String w = (String) word.invoke(vertex);
      String l = (String) lemma.invoke(vertex);
      String t = (String) tag.invoke(vertex);
      tokens.putIfAbsent(i, new DependencyGraph.Token(i, w, l == null ? w : l, t == null ? "" : t));
    }
    List<DependencyGraph.Edge> edges = new ArrayList<>();
    for (Object e : (Iterable<?>) edgeIterable.invoke(graph)) {
      edges.add(
          new DependencyGraph.Edge(
              (Integer) index.invoke(governor.invoke(e)),
              (Integer) index.invoke(dependent.invoke(e)),
              DependencyGraph.ud1(relation.invoke(e).toString())));
    }
    Set<Integer> roots = new HashSet<>();
    for (Object root : (Collection<?>) getRoots.invoke(graph)) {
      roots.add((Integer) index.invoke(root));
    }
    return new DependencyGraph(tokens, edges, roots);
  }

  private Class<?> type(String name) throws ClassNotFoundException {
    return Class.forName(name, true, loader);
  }

  private static ClassLoader platform() {
    return ClassLoader.getPlatformClassLoader();
  }

  @Override
  public void close() {
    closeQuietly(loader);
  }

  private static void closeQuietly(URLClassLoader loader) {
    try {
      loader.close();
    } catch (IOException ignored) {
      // Closing only releases the jar files; nothing to recover.
    }
  }
}
