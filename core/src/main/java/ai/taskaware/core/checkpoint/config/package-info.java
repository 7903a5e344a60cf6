/**
 * Typed views of the {@code config.json} files of diffusers and transformers models ({@link
 * ai.taskaware.core.checkpoint.config.UNet2DConditionConfig}, {@link
 * ai.taskaware.core.checkpoint.config.AutoencoderKLConfig}, {@link
 * ai.taskaware.core.checkpoint.config.SchedulerConfig}, CLIP and LLaMA configs), read by {@link
 * ai.taskaware.core.checkpoint.config.ConfigFiles}.
 *
 * <p>A key absent from the file takes the default of the Python class's constructor (diffusers 0.27
 * / transformers as noted per record), so a record means what the reference code would build. Keys
 * a record does not model are kept in its {@code extra()} map, and the file's JSON as written is in
 * {@code raw()}.
 */
package ai.taskaware.core.checkpoint.config;
