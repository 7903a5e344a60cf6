/** {@code taskaware doctor}: checks this machine's stack end to end. */
package ai.taskaware.examples.doctor;
