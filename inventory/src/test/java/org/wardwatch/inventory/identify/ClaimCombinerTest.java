package org.wardwatch.inventory.identify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wardwatch.inventory.kb.KnowledgeBase;
import org.wardwatch.model.device.Attribute;
import org.wardwatch.model.device.AttributeValue;
import org.wardwatch.model.device.Claim;
import org.wardwatch.model.device.Evidence;

class ClaimCombinerTest {
    private final ClaimCombiner combiner = new ClaimCombiner(KnowledgeBase.defaults());

    private static Claim claim(Attribute a, String value, double w, String rule) {
        return new Claim(a, value, w, new Evidence(Instant.EPOCH, "test", "fact", rule, "source"));
    }

    @Test
    void independentRulesReinforceByNoisyOr() {
        AttributeValue v = combiner.combine(Attribute.VENDOR, List.of(claim(Attribute.VENDOR, "B. Braun", 0.6, "a"),
                claim(Attribute.VENDOR, "B.Braun Melsungen AG", 0.5, "b")));
        assertThat(v.value()).isEqualTo("B. Braun");
        assertThat(v.confidence()).isEqualTo(0.8);
        assertThat(v.evidence()).hasSize(2);
    }

    @Test
    void oneRuleRepeatingItselfCountsOnce() {
        AttributeValue v = combiner.combine(Attribute.OS, List.of(claim(Attribute.OS, "Linux", 0.5, "a"), claim(Attribute.OS, "Linux", 0.5, "a")));
        assertThat(v.confidence()).isEqualTo(0.5);
    }

    @Test
    void contradictionLowersConfidenceAndIsKept() {
        AttributeValue v = combiner.combine(Attribute.OS, List.of(claim(Attribute.OS, "Windows", 0.8, "a"), claim(Attribute.OS, "Linux", 0.5, "b")));
        assertThat(v.value()).isEqualTo("Windows");
        assertThat(v.confidence()).isEqualTo(0.4);
        assertThat(v.conflicts()).extracting(Claim::value).containsExactly("Linux");
    }

    @Test
    void specificValueWinsWhenNearlyAsStrongAsItsFamily() {
        AttributeValue v = combiner.combine(Attribute.OS, List.of(claim(Attribute.OS, "Windows", 0.6, "a"), claim(Attribute.OS, "Windows 10 22H2", 0.7, "b")));
        assertThat(v.value()).isEqualTo("Windows 10 22H2");
        assertThat(v.conflicts()).isEmpty();
    }

    @Test
    void weakRefinementDoesNotOverrideAStrongFamilyAnswer() {
        AttributeValue v = combiner.combine(Attribute.OS, List.of(claim(Attribute.OS, "Windows", 0.9, "a"), claim(Attribute.OS, "Windows 7", 0.3, "b")));
        assertThat(v.value()).isEqualTo("Windows");
    }

    @Test
    void taxonomyChildrenSupportTheirParentAndRefineIt() {
        AttributeValue v = combiner.combine(Attribute.CATEGORY, List.of(claim(Attribute.CATEGORY, "imaging_modality", 0.6, "a"),
                claim(Attribute.CATEGORY, "imaging_ct", 0.6, "b")));
        assertThat(v.value()).isEqualTo("imaging_ct");
        assertThat(v.evidence()).hasSize(2);
    }

    @Test
    void weakAloneIsUnknown() {
        AttributeValue v = combiner.combine(Attribute.MODEL, List.of(claim(Attribute.MODEL, "X", 0.1, "a")));
        assertThat(v.isKnown()).isFalse();
        assertThat(v.conflicts()).hasSize(1);
    }
}
