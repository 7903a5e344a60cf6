/** The foundation every taskaware module composes through. */
package ai.taskaware.core;
