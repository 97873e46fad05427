package org.wardwatch.risk.weakness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TemplatesTest {
    @Test
    void controlCharactersPrintAsSpacesAsTheRegexClassDefinesThem() {
        for (String s : List.of("", "plain", "a\tb\nc\rd", "\u0000x\u001f\u007f", "é ✓ \u0080\u0085 🙂", "\u001b[31mred")) {
            assertThat(Templates.controlsAsSpaces(s)).as(s).isEqualTo(s.replaceAll("[\\p{Cntrl}]", " "));
        }
        String plain = "no controls";
        assertThat(Templates.controlsAsSpaces(plain)).isSameAs(plain);
    }
}
