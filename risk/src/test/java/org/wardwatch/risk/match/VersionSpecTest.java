package org.wardwatch.risk.match;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wardwatch.risk.match.VersionSpec.Outcome;

/** Version texts as CISA writes them in the ICSMA CSAF files, checked against device versions. */
class VersionSpecTest {

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource(delimiter = ';', value = {
        "<12.2.8.410; 12.2.8.409; IN_RANGE",
        "<12.2.8.410; 12.2.8.410; OUTSIDE",
        "<12.2.8.410; 12.3; OUTSIDE",
        ">= 4.01 | <= 4.34; 4.20; IN_RANGE",
        ">= 4.01 | <= 4.34; 4.35; OUTSIDE",
        ">= 4.01 | <= 4.34; 4.0; OUTSIDE",
        ">= 1.3.4 | < 1.5.3; 1.5.3; OUTSIDE",
        ">= 1.3.4 | < 1.5.3; 1.5.2.9; IN_RANGE",
        "9.13 | 9.19 | 9.33 | 12.1; 9.19; EXACT",
        "9.13 | 9.19 | 9.33 | 12.1; 9.20; OUTSIDE",
        "12.x; 12.2.8; IN_RANGE",
        "12.x; 13.0; OUTSIDE",
        "<= 12.2.x.x; 12.2.9.1; IN_RANGE",
        "<= 12.2.x.x; 12.3.0; OUTSIDE",
        "< 3.x; 2.9; IN_RANGE",
        "< 3.x; 3.0.1; OUTSIDE",
        "2.3.6 and  below; 2.3.6; IN_RANGE",
        "2.3.6 and  below; 2.3.7; OUTSIDE",
        "vers:all/*; 99; ALL_VERSIONS",
        "* (end-of-life 2011); 1.0; ALL_VERSIONS",
        "<=N; M.00.03; IN_RANGE",
        "<=N; P.01.00; OUTSIDE",
        "Rev B-M; K; IN_RANGE",
        "Rev B-M; N; OUTSIDE",
        "< B.06.18; B.06.12; IN_RANGE",
        "<= 1.54 (integrated into GE MobileLink); 1.54; IN_RANGE",
        "<=11.2 on Windows 8.1 with IIS 7.5; 11.1; IN_RANGE",
        "< july 1 2017; 1.0; NOT_COMPARABLE",
        "<8/30/2024; 1.0; NOT_COMPARABLE",
        "< 012U000040; L80; NOT_COMPARABLE",
        "<= U61 |<= L81; L80; IN_RANGE",
        "4.20 | 4.20 SR1 | 4.30; 4.20 SR1; EXACT",
        "vers:generic/>=1.0|<2.0; 1.5; IN_RANGE",
        "vers:generic/>=1.0|<2.0; 2.0; OUTSIDE",
        "vers:generic/>=1.0|<2.0|!=1.5; 1.5; OUTSIDE",
        "<= 9.33; ; DEVICE_VERSION_UNKNOWN",
        "Accu-Chek Inform II Base Unit NEW with Software 04.00.00 or newer; 4.1; IN_RANGE",
    })
    void checksDeviceVersionAgainstCisaVersionText(String spec, String version, Outcome expected) {
        assertThat(VersionSpec.parse(spec).check(version)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void keepsModelDesignationsWrittenAsVersionsApart() {
        VersionSpec s = VersionSpec.parse("7100 | 7900 | 100 | Protiva Carestation View");
        assertThat(s.designations()).contains("7100", "7900", "Protiva Carestation View");
        assertThat(s.hasVersionOnlyClauses()).isFalse();
        VersionSpec m = VersionSpec.parse("v8.x model 35700BAX2");
        assertThat(m.designations()).containsExactly("35700BAX2");
        assertThat(m.check("8.01")).isEqualTo(Outcome.IN_RANGE);
    }

    @org.junit.jupiter.api.Test
    void comparesVersionsTokenByToken() {
        assertThat(Versions.compare("1.0", "1.0.0")).isZero();
        assertThat(Versions.compare("1.0", "1.0.1")).isNegative();
        assertThat(Versions.compare("1.0.2k", "1.0.2zd")).isNegative();
        assertThat(Versions.compare("v2.10", "2.9")).isPositive();
        assertThat(Versions.compare("012U000040", "12U40")).isZero();
    }
}
