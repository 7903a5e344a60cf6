package ai.taskaware.llm.prompt;

import java.nio.file.Path;

/** A tokenizer that can produce ids the model's embedding table does not have. */
public final class TokenizerMismatchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  TokenizerMismatchException(Path tokenizer, String detail) {
    super(tokenizer + ": " + detail);
  }
}
