package io.timeshard.plan;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SubqueryValuesTest {
    @Test
    void replacesASubqueryByTypedConstantsThatMeanTheSame() {
        SubqueryValues.Evaluated values = new SubqueryValues.Evaluated("SELECT id FROM tags", "integer", Arrays.asList("3", null, "17"));
        assertThat(values.replacement(false)).isEqualTo("IN ('3'::integer, NULL::integer, '17'::integer)");
        assertThat(values.replacement(true)).isEqualTo("NOT IN ('3'::integer, NULL::integer, '17'::integer)");
        assertThat(values.shown()).isEqualTo("{3,NULL,17}::integer[]");
    }

    @Test
    void writesAnEmptyResultAsAnEmptyArrayAndQuotesTextWhateverTheStringSetting() {
        SubqueryValues.Evaluated none = new SubqueryValues.Evaluated("SELECT id FROM tags WHERE false", "integer", List.of());
        assertThat(none.replacement(false)).isEqualTo("= ANY ('{}'::integer[])");
        assertThat(none.replacement(true)).isEqualTo("<> ALL ('{}'::integer[])");
        SubqueryValues.Evaluated text = new SubqueryValues.Evaluated("SELECT note FROM notes", "text", List.of("it's", "a\\b"));
        assertThat(text.replacement(false)).isEqualTo("IN ('it''s'::text, E'a\\\\b'::text)");
    }
}
