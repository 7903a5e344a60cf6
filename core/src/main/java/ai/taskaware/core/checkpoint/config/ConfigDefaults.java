package ai.taskaware.core.checkpoint.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The reference classes' constructor defaults, and the defaults that depend on other keys, applied
 * to a config's JSON before binding.
 */
final class ConfigDefaults {

  private static final Map<Class<?>, ObjectNode> TABLES =
      Map.of(
          UNet2DConditionConfig.class, ConfigFiles.parseDefaults(UNet2DConditionConfig.DEFAULTS),
          AutoencoderKLConfig.class, ConfigFiles.parseDefaults(AutoencoderKLConfig.DEFAULTS),
          SchedulerConfig.class, ConfigFiles.parseDefaults(SchedulerConfig.DEFAULTS),
          ClipTextConfig.class, ConfigFiles.parseDefaults(ClipTextConfig.DEFAULTS),
          ClipVisionConfig.class, ConfigFiles.parseDefaults(ClipVisionConfig.DEFAULTS),
          ClipConfig.class, ConfigFiles.parseDefaults(ClipConfig.DEFAULTS),
          LlamaConfig.class, ConfigFiles.parseDefaults(LlamaConfig.DEFAULTS));

  private ConfigDefaults() {}

  /**
   * A copy of {@code json} with the defaults of {@code type} filled in and the original JSON under
   * {@link ConfigFiles#RAW_KEY} for records that have a {@code raw} component.
   */
  static ObjectNode prepare(Class<?> type, ObjectNode json) {
    ObjectNode node = json.deepCopy();
    ObjectNode table = TABLES.get(type);
    if (table == null) {
      return node;
    }
    ConfigFiles.fillAbsent(node, table);
    if (type == LlamaConfig.class) {
      // transformers: num_key_value_heads = num_attention_heads when None (no grouped-query).
      JsonNode kv = node.get("num_key_value_heads");
      if (kv == null || kv.isNull()) {
        node.set("num_key_value_heads", node.get("num_attention_heads"));
      }
    } else if (type == SchedulerConfig.class) {
      // PNDMScheduler alone defaults set_alpha_to_one to False (DDIM-style schedulers: True).
      if (!json.has("set_alpha_to_one")) {
        JsonNode cls = json.get("_class_name");
        boolean pndm = cls != null && "PNDMScheduler".equals(cls.asText());
        node.put("set_alpha_to_one", !pndm);
      }
    } else if (type == ClipConfig.class) {
      nested(node, "text_config", ClipTextConfig.class);
      nested(node, "vision_config", ClipVisionConfig.class);
    }
    node.set(ConfigFiles.RAW_KEY, json.deepCopy());
    return node;
  }

  /** transformers builds a default sub-config when the key is absent or null. */
  private static void nested(ObjectNode node, String key, Class<?> type) {
    JsonNode sub = node.get(key);
    if (sub == null || sub.isNull()) {
      sub = JsonNodeFactory.instance.objectNode();
    }
    if (sub.isObject()) {
      node.set(key, prepare(type, (ObjectNode) sub));
    }
  }
}
