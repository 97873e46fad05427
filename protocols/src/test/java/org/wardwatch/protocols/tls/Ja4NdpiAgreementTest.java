package org.wardwatch.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.wardwatch.model.FlowId;
import org.wardwatch.model.obs.tls.TlsClientHelloSeen;
import org.wardwatch.protocols.nettest.Agreement;
import org.wardwatch.protocols.nettest.CorpusFiles;
import org.wardwatch.protocols.nettest.CorpusOracle;
import org.wardwatch.testkit.Requirements;

/**
 * JA4 against nDPI (tshark 4.0 has no JA4): nDPI's own regression outputs ({@code corpus/ndpi/*.out},
 * at the commit in MANIFEST.tsv) print a JA4 per TLS flow; our JA4 of the flow's first ClientHello
 * must equal it. Flows are matched by their two endpoints.
 */
class Ja4NdpiAgreementTest {
    private static final Pattern FLOW = Pattern.compile("TCP (\\S+):(\\d+) <-> (\\S+):(\\d+) .*\\[JA4: ([a-z0-9_]+)\\]");

    @Test
    void ja4EqualsNdpisOnEveryTlsFlowItFingerprinted() throws IOException {
        Path ndpi = Requirements.sharedFile("corpus/ndpi");
        Agreement agreement = new Agreement("nDPI", "ja4", List.of("JA4 of the flow's first ClientHello"));
        Agreement sameButNdpiDeviations = new Agreement("nDPI", "ja4 (SNI flag and ALPN masked)", List.of("JA4"));
        List<Path> outs;
        try (Stream<Path> s = Files.list(ndpi)) {
            outs = s.filter(p -> p.getFileName().toString().endsWith(".out")).sorted().toList();
        }
        for (Path out : outs) {
            String capture = out.getFileName().toString().replaceFirst("\\.out$", "");
            Map<String, String> expected = new HashMap<>();
            for (String line : Files.readAllLines(out, java.nio.charset.StandardCharsets.ISO_8859_1)) {
                Matcher m = FLOW.matcher(line);
                if (m.find()) {
                    expected.put(key(m.group(1), m.group(2), m.group(3), m.group(4)), m.group(5));
                }
            }
            if (expected.isEmpty()) {
                continue;
            }
            Path pcap = CorpusFiles.all().stream().filter(p -> p.getFileName().toString().equals(capture)).findFirst().orElse(null);
            if (pcap == null) {
                continue;
            }
            Map<String, String> ours = new HashMap<>();
            for (var o : CorpusOracle.of(pcap).observations()) {
                if (o instanceof TlsClientHelloSeen h) {
                    FlowId f = h.flow();
                    ours.putIfAbsent(key(f.client().toString(), Integer.toString(f.clientPort()), f.server().toString(),
                            Integer.toString(f.serverPort())), h.ja4());
                }
            }
            for (Map.Entry<String, String> e : expected.entrySet()) {
                String mine = ours.get(e.getKey());
                agreement.message(capture + "#" + e.getKey(), "ja4", e.getValue(), mine);
                sameButNdpiDeviations.message(capture + "#" + e.getKey(), "ja4 without SNI flag and ALPN", masked(e.getValue()),
                        mine == null ? null : masked(mine));
            }
        }
        System.out.println(agreement.summary());
        System.out.println(sameButNdpiDeviations.summary());
        assertThat(agreement.messages()).isGreaterThan(100);
        // Every difference is one of nDPI's two departures from the FoxIO JA4 specification (JA4.md): nDPI
        // writes "ht" for ALPN "http/1.1" where the specification says "h1" (first and last characters), and
        // decides "d"/"i" by the SNI's value (an IP literal gives "i") or a hostname learned elsewhere, where
        // the specification says "d" exactly when the server_name extension is present.
        assertThat(sameButNdpiDeviations.agreed()).isEqualTo(sameButNdpiDeviations.messages());
    }

    /** JA4 with the SNI flag (4th character) and the ALPN characters (9th and 10th) blanked. */
    private static String masked(String ja4) {
        if (ja4.length() < 10) {
            return ja4;
        }
        return ja4.substring(0, 3) + "_" + ja4.substring(4, 8) + "__" + ja4.substring(10);
    }

    private static String key(String a, String ap, String b, String bp) {
        String x = a + ":" + ap;
        String y = b + ":" + bp;
        return x.compareTo(y) < 0 ? x + "|" + y : y + "|" + x;
    }
}
