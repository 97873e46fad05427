package org.wardwatch.protocols.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.wardwatch.protocols.dispatch.AnalyzerHarness;
import org.wardwatch.protocols.medicaltest.ObservationJson;
import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerFactory;

/**
 * The analyzer reads segments in place (offsets, Strings only for reported values); the previous
 * String-splitting analyzer ({@link Hl7AnalyzerReference}) is the oracle: on generated streams with odd
 * separators, whitespace, control and high bytes, repeated and capped identifiers, both must report the
 * same observations (as JSON), counters and verdicts.
 */
class Hl7InPlaceParsingAgreementTest {
    private static final String[] SEPARATORS = {"|", "|", "|", "#", "\u00a6", "\u0001", " "};
    private static final String[] ENCODING = {"^~\\&", "^~\\&", "^~", "", "^", "^~\\&#", "\u0002~\\\t", "?~\\&", "\u00e9~\\&"};
    private static final String[] NAMES = {"PID", "PV1", "OBR", "OBX", "OBX", "OBX", "PRT", "MSA", "ERR", "NTE", "NK1", "ZZ1",
        "EVN", "IN1", "ROL", "AL1", "pid", "P-D", "MS"};
    private static final String[] ATOMS = {"", " ", "  ", "\t", "EUI-64", "0123456789ABCDEF", "080019FFFE3ED02D", "DNS", "ISO",
        "megacorp.com", "ACME", " x ", "\u0003", "\u007f", "\u00e9t\u00e9", "AA", "AE", "207", "MSG1", "\u00a0", "\u0085", "?"};

    @Test
    void inPlaceReadingReportsExactlyWhatTheStringSplittingReaderDid() {
        Random rnd = new Random(20261130L);
        int identified = 0, errors = 0, replaced = 0;
        for (int round = 0; round < 1500; round++) {
            byte[] client = stream(rnd);
            byte[] server = stream(rnd);
            int chunk = 1 + rnd.nextInt(rnd.nextBoolean() ? 7 : 400);
            String expected = run(referenceFactory(), client, server, chunk);
            String actual = run(new Hl7AnalyzerFactory(), client, server, chunk);
            assertThat(actual).as("round %d", round).isEqualTo(expected);
            identified += expected.contains("hl7_device_identified") ? 1 : 0;
            errors += expected.contains("\"errorCodes\":[\"") ? 1 : 0;
            replaced += expected.contains("?") ? 1 : 0;
        }
        // the generated streams reach the paths that make Strings
        assertThat(identified).isGreaterThan(100);
        assertThat(errors).isGreaterThan(10);
        assertThat(replaced).isGreaterThan(100);
    }

    private static String run(AnalyzerFactory factory, byte[] client, byte[] server, int chunk) {
        AnalyzerHarness h = AnalyzerHarness.forFlow(factory, 2575).feedSplit(true, client, chunk).feedSplit(false, server, chunk)
                .end();
        return ObservationJson.lines(h.observations()) + "\n" + h.counters() + " " + h.confirmed() + " " + h.violated();
    }

    private static byte[] stream(Random rnd) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int messages = 1 + rnd.nextInt(6);
        for (int m = 0; m < messages; m++) {
            out.write(0x0B);
            out.writeBytes(message(rnd).getBytes(StandardCharsets.ISO_8859_1));
            if (rnd.nextInt(20) != 0) {
                out.write(0x1C);
                out.write('\r');
            }
        }
        return out.toByteArray();
    }

    private static String message(Random rnd) {
        String f = SEPARATORS[rnd.nextInt(SEPARATORS.length)];
        String enc = ENCODING[rnd.nextInt(ENCODING.length)];
        char c = enc.length() > 0 ? enc.charAt(0) : '^';
        char r = enc.length() > 1 ? enc.charAt(1) : '~';
        char sub = enc.length() > 3 ? enc.charAt(3) : '&';
        StringBuilder sb = new StringBuilder();
        sb.append(rnd.nextInt(30) == 0 ? "BHS" : "MSH").append(f).append(enc);
        for (int i = 3; i <= 22; i++) {
            sb.append(f).append(value(rnd, c, r, sub, i == 3 || i == 4 ? 4 : 2));
        }
        sb.append(terminator(rnd));
        int segments = rnd.nextInt(12);
        for (int k = 0; k < segments; k++) {
            sb.append(NAMES[rnd.nextInt(NAMES.length)]);
            int fields = rnd.nextInt(20);
            for (int i = 1; i <= fields; i++) {
                sb.append(f).append(value(rnd, c, r, sub, i == 18 || i == 10 || i == 16 ? 5 : 2));
            }
            sb.append(terminator(rnd));
        }
        return sb.toString();
    }

    private static String value(Random rnd, char c, char r, char sub, int depth) {
        StringBuilder sb = new StringBuilder();
        int reps = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(depth) : 1;
        for (int k = 0; k < reps; k++) {
            if (k > 0) {
                sb.append(r);
            }
            int comps = 1 + rnd.nextInt(depth + 1);
            for (int j = 0; j < comps; j++) {
                if (j > 0) {
                    sb.append(rnd.nextInt(8) == 0 ? sub : c);
                }
                sb.append(ATOMS[rnd.nextInt(ATOMS.length)]);
                if (rnd.nextInt(40) == 0) {
                    sb.append("x".repeat(rnd.nextInt(300))); // past the 128-character cap
                }
            }
        }
        return sb.toString();
    }

    private static String terminator(Random rnd) {
        return switch (rnd.nextInt(6)) {
            case 0 -> "\n";
            case 1 -> "\r\n";
            default -> "\r";
        };
    }

    private static AnalyzerFactory referenceFactory() {
        AnalyzerFactory real = new Hl7AnalyzerFactory();
        return new AnalyzerFactory() {
            @Override
            public String name() {
                return real.name();
            }

            @Override
            public Transport transport() {
                return real.transport();
            }

            @Override
            public int[] portHints() {
                return real.portHints();
            }

            @Override
            public boolean probe(boolean fromClient, byte[] data, int offset, int length) {
                return real.probe(fromClient, data, offset, length);
            }

            @Override
            public Analyzer newAnalyzer() {
                return new Hl7AnalyzerReference();
            }

            @Override
            public long maxStreamBytes() {
                return real.maxStreamBytes();
            }
        };
    }
}
