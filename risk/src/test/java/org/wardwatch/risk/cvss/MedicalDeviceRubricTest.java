package org.wardwatch.risk.cvss;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MedicalDeviceRubricTest {
    private final MedicalDeviceRubric rubric = MedicalDeviceRubric.defaults();

    @Test
    void therapyDeviceIntegrityImpactIsRaisedToHigh() {
        // ICSMA-19-190-01 (GE anesthesia, terminal server): CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:L/A:N = 5.3
        var adj = rubric.adjust("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:L/A:N",
                new MedicalDeviceRubric.DeviceContext("life_sustaining", 0));
        assertThat(adj.vector()).isEqualTo("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N");
        assertThat(adj.score()).isEqualTo(7.5);
        assertThat(adj.answers()).singleElement().asString().startsWith("XIT=yes (I:L published");
    }

    @Test
    void phiVolumeDecidesConfidentialityHighOrLow() {
        String v = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N";
        var few = rubric.adjust(v, new MedicalDeviceRubric.DeviceContext("none", 12));
        assertThat(few.vector()).contains("/C:L/");
        assertThat(few.answers()).anyMatch(a -> a.startsWith("XCPM=no"));
        var many = rubric.adjust(v, new MedicalDeviceRubric.DeviceContext("none", 800));
        assertThat(many.vector()).contains("/C:H/");
    }

    @Test
    void nonClinicalDeviceWithoutPatientDataKeepsThePublishedImpact() {
        var adj = rubric.adjust("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:L", new MedicalDeviceRubric.DeviceContext("none", 0));
        assertThat(adj.vector()).isEqualTo("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:L");
        assertThat(adj.answers()).isEmpty();
    }

    @Test
    void impactsThePublisherRatedNoneStayNone() {
        var adj = rubric.adjust("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L", new MedicalDeviceRubric.DeviceContext("diagnostic", 0));
        assertThat(adj.vector()).endsWith("/C:N/I:N/A:H");
    }

    @Test
    void exploitabilityFollowsTheSpecificationWeights() {
        assertThat(CvssV3Vectors.exploitability("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")).isCloseTo(3.887, org.assertj.core.data.Offset.offset(0.001));
        assertThat(CvssV3Vectors.exploitability("CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:H/I:H/A:H")).isCloseTo(0.1211, org.assertj.core.data.Offset.offset(0.0001));
        assertThat(CvssV3Vectors.metrics("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H")).isNull();
    }
}
