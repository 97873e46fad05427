package org.wardwatch.protocols.nettest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.wardwatch.model.Observation;
import org.wardwatch.model.obs.FlowRecord;
import org.wardwatch.model.obs.http.HttpRequestSeen;
import org.wardwatch.model.obs.tls.TlsClientHelloSeen;
import org.wardwatch.model.obs.ftp.FtpObservation;
import org.wardwatch.protocols.spi.AnalyzerFactory;

/**
 * Detection by payload: real first messages of each protocol (the fuzz seeds, cut from the corpus),
 * replayed through the whole pipeline between ports no analyzer hints at, are recognised and
 * reported; and bytes of one protocol on another's standard port are not taken for it.
 */
class OddPortDetectionTest {
    static Stream<String> seedsWithProbes() {
        // mDNS and LLMNR are defined by their ports; every other protocol must be found from its bytes
        return Seeds.names().stream().filter(n -> !n.startsWith("04-") && !n.startsWith("05-"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seedsWithProbes")
    void realMessagesOnUnassignedPortsAreRecognised(String seed) {
        int index = Integer.parseInt(seed.substring(0, 2));
        AnalyzerFactory f = NetworkAnalyzersFuzzTest.FLOW.get(index);
        int clientPort = 41000 + index;
        int serverPort = 42000 + index;
        List<Seeds.Chunk> chunks = Seeds.chunks(seed);
        List<Observation> all = SyntheticFlows.observe(f.transport() == AnalyzerFactory.Transport.TCP
                ? SyntheticFlows.tcp(clientPort, serverPort, chunks) : SyntheticFlows.udp(clientPort, serverPort, chunks));
        assertThat(all.stream().filter(o -> !(o instanceof FlowRecord))).as(seed).isNotEmpty();
        assertThat(all.stream().filter(o -> o instanceof FlowRecord).map(o -> ((FlowRecord) o).application()))
                .as(seed).containsOnly(f.name());
    }

    @Test
    void tlsOnTheHttpPortIsTlsNotHttp() {
        List<Observation> all = SyntheticFlows.observe(SyntheticFlows.tcp(43000, 80, Seeds.chunks(Seeds.first(7))));
        assertThat(all).filteredOn(o -> o instanceof HttpRequestSeen).isEmpty();
        assertThat(all).filteredOn(o -> o instanceof TlsClientHelloSeen).hasSize(1);
        assertThat(all).filteredOn(o -> o instanceof FlowRecord).extracting(o -> ((FlowRecord) o).application()).containsExactly("tls");
    }

    @Test
    void httpOnTheTlsPortIsHttpNotTls() {
        List<Observation> all = SyntheticFlows.observe(SyntheticFlows.tcp(43001, 443, Seeds.chunks(Seeds.first(11))));
        assertThat(all).filteredOn(o -> o instanceof HttpRequestSeen).isNotEmpty();
        assertThat(all).filteredOn(o -> o instanceof TlsClientHelloSeen).isEmpty();
        assertThat(all).filteredOn(o -> o instanceof FlowRecord).extracting(o -> ((FlowRecord) o).application()).containsExactly("http");
    }

    @Test
    void smtpGreetingOnTheFtpPortIsNotFtp() {
        List<Seeds.Chunk> smtp = List.of(new Seeds.Chunk(false, "220 mail.ward.example ESMTP Postfix\r\n".getBytes()),
                new Seeds.Chunk(true, "EHLO pump.ward.example\r\n".getBytes()),
                new Seeds.Chunk(false, "250-mail.ward.example\r\n250 STARTTLS\r\n".getBytes()));
        List<Observation> all = SyntheticFlows.observe(SyntheticFlows.tcp(43002, 21, smtp));
        assertThat(all).filteredOn(o -> o instanceof FtpObservation).isEmpty();
        assertThat(all).filteredOn(o -> o instanceof FlowRecord).extracting(o -> ((FlowRecord) o).application()).containsOnlyNulls();
    }
}
