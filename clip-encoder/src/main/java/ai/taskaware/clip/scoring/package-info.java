/** Image–text matching with CLIP: {@link ClipScorer}, a core {@code ImageTextScorer}. */
package ai.taskaware.clip.scoring;
