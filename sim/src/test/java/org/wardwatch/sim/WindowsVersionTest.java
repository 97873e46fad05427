package org.wardwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.wardwatch.sim.catalog.Catalog;
import org.wardwatch.sim.proto.Smb2;

/** A simulated Windows workstation announces its own release in NTLM and offers the SMB dialects that release speaks. */
class WindowsVersionTest {
    private static final Catalog CATALOG = Catalog.load();

    @Test
    void windows7WorkstationSendsNtlmVersion6dot1Build7601AndOffersSmb21AtMost() {
        Catalog.WindowsRelease w = CATALOG.profile("dell-windows7-workstation").windows();
        Smb2.WindowsVersion v = new Smb2.WindowsVersion(w.major(), w.minor(), w.build());
        byte[] negotiate = Smb2.sessionSetupNegotiate(1, v);
        assertThat(ntlmVersion(negotiate)).isEqualTo("6.1.7601");
        assertThat(v.clientDialects()).containsExactly(0x0202, 0x0210);
        byte[] request = Smb2.negotiateRequest(new SplittableRandom(1), v);
        int dialectCount = (request[4 + 64 + 2] & 0xff) | (request[4 + 64 + 3] & 0xff) << 8;
        assertThat(dialectCount).isEqualTo(2);
    }

    @Test
    void windows81WorkstationSendsNtlmVersion6dot3Build9600() {
        Catalog.WindowsRelease w = CATALOG.profile("dell-windows8-workstation").windows();
        Smb2.WindowsVersion v = new Smb2.WindowsVersion(w.major(), w.minor(), w.build());
        byte[] auth = Smb2.sessionSetupAuthenticate(new SplittableRandom(1), 2, 7, "WARD", "user", "WS01", v, 0);
        assertThat(ntlmVersion(auth)).isEqualTo("6.3.9600");
        assertThat(v.selectedDialect()).isEqualTo(0x0302);
    }

    /** The VERSION field of the first NTLMSSP message in {@code smb}: it follows the fixed header of each message type. */
    private static String ntlmVersion(byte[] smb) {
        for (int i = 0; i + 8 < smb.length; i++) {
            if (smb[i] == 'N' && smb[i + 1] == 'T' && smb[i + 2] == 'L' && smb[i + 3] == 'M' && smb[i + 7] == 0) {
                int type = smb[i + 8] & 0xff;
                int at = i + (type == 1 ? 32 : type == 2 ? 48 : 64);
                return (smb[at] & 0xff) + "." + (smb[at + 1] & 0xff) + "." + ((smb[at + 2] & 0xff) | (smb[at + 3] & 0xff) << 8);
            }
        }
        throw new AssertionError("no NTLMSSP message");
    }
}
