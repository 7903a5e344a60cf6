/** {@code taskaware chat}: a text conversation with a LLaMA-family model on stdin and stdout. */
package ai.taskaware.examples.chat;
