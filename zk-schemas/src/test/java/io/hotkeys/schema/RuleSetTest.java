package io.hotkeys.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RuleSetTest {
    private static final String GOOD =
            """
            {"version": 1, "maxHotKeys": 500, "rules": [
              {"name": "images", "match": {"type": "prefix", "value": "/images/"},
               "windowMs": 1000, "threshold": 50, "coldThreshold": 20, "coolDownMs": 3000,
               "pinTtlMs": 5000, "replicas": 4},
              {"name": "everything", "match": {"type": "all"}, "windowMs": 2000, "threshold": 100}
            ]}
            """;

    @Test
    void goodRuleSet_isRead_andOmittedFieldsTakeDefaults() {
        RuleSet set = RuleSet.read(utf8(GOOD), "/r", 100);

        assertThat(set.maxHotKeys()).isEqualTo(500);
        Rule.Resolved all = set.rules().get(1).resolve(new Rule.Defaults(50, 2000, 1000, 0));
        assertThat(all).isEqualTo(new Rule.Resolved("everything", 2000, 100, 50, 2000, 1000, 0));
    }

    @Test
    void misspeltField_isRefusedByName() {
        String json = GOOD.replace("\"threshold\": 100", "\"treshold\": 100");

        assertThatThrownBy(() -> RuleSet.read(utf8(json), "/hotkeys/apps/a/rules", 100))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("/hotkeys/apps/a/rules")
                .hasMessageContaining("treshold");
    }

    @Test
    void everyBrokenField_isNamedWithItsProblem() {
        String json =
                """
                {"version": 1, "maxHotKeys": 0, "rules": [
                  {"name": "a b", "match": {"type": "glob", "value": "x"}, "windowMs": 150,
                   "threshold": 0},
                  {"name": "r", "match": {"type": "regex", "value": "(unclosed"},
                   "windowMs": 1000, "threshold": 10, "coldThreshold": 11, "replicas": 65},
                  {"name": "r", "match": {"type": "prefix"}, "windowMs": 120000, "threshold": 5}
                ]}
                """;

        assertThatThrownBy(() -> RuleSet.read(utf8(json), "/r", 100))
                .hasMessageContaining("maxHotKeys: must be at least 1, was 0")
                .hasMessageContaining("rules[0].name: must be 1 to 64 letters")
                .hasMessageContaining("rules[0].match.type: 'glob' is not one of")
                .hasMessageContaining("rules[0].windowMs: must be a multiple of 100")
                .hasMessageContaining("rules[0].threshold: must be at least 1, was 0")
                .hasMessageContaining("rules[1].match.value: is not a valid regular expression")
                .hasMessageContaining(
                        "rules[1].coldThreshold: must be from 1 to the threshold (10)")
                .hasMessageContaining("rules[1].replicas: must be from 0 to 64, was 65")
                .hasMessageContaining("rules[2].name: 'r' is used by an earlier rule")
                .hasMessageContaining("rules[2].match.value: is required for type 'prefix'")
                .hasMessageContaining(
                        "rules[2].windowMs: must be a multiple of 100 from 100 to 60000");
    }

    @Test
    void missingRules_andWrongVersion_areRefused() {
        assertThatThrownBy(() -> RuleSet.read(utf8("{\"version\": 1}"), "/r", 100))
                .hasMessageContaining("rules: is required");
        assertThatThrownBy(() -> RuleSet.read(utf8("{\"version\": 2, \"rules\": []}"), "/r", 100))
                .hasMessageContaining("version 2");
        assertThatThrownBy(() -> RuleSet.read(utf8("{\"rules\": []}"), "/r", 100))
                .hasMessageContaining("has no version");
    }

    @Test
    void ruleSet_roundTripsThroughJson() {
        RuleSet set = RuleSet.read(utf8(GOOD), "/r", 100);

        assertThat(RuleSet.read(RuleSet.CODEC.encode(set), "/r", 100)).isEqualTo(set);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
