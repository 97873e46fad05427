package org.wardwatch.protocols.nettest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.wardwatch.model.Observation;
import org.wardwatch.model.obs.AddressSeen;
import org.wardwatch.model.obs.FlowRecord;
import org.wardwatch.protocols.Pipeline;

/**
 * Golden captures of the network family ({@code src/test/resources/captures/<proto>/<scenario>.pcap},
 * made by this project, see the README there): the real pipeline's network observations, one JSON
 * line each in emission order, plus the application of each flow, equal {@code <scenario>.expected.jsonl}.
 * {@code -Dwardwatch.updateGolden=true} rewrites the expected files; {@code -Dwardwatch.writeFixtures=true}
 * first rebuilds the hand-written captures and the fuzz seeds.
 */
class NetworkGoldenCaptureTest {
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY).build();

    @BeforeAll
    static void rebuildWhenAsked() throws IOException {
        if (Boolean.getBoolean("wardwatch.writeFixtures")) {
            NetworkFixtures.writeBuiltCaptures();
            NetworkFixtures.writeSeeds();
        }
    }

    static Stream<String> captures() throws IOException {
        try (Stream<Path> s = Files.walk(NetworkFixtures.CAPTURES)) {
            return s.filter(p -> p.toString().endsWith(".pcap")).map(p -> NetworkFixtures.CAPTURES.relativize(p).toString())
                    .filter(p -> isNetwork(p.substring(0, p.indexOf('/')))).sorted().toList().stream();
        }
    }

    private static boolean isNetwork(String dir) {
        return List.of("arp", "ndp", "dhcp", "dhcpv6", "dns", "dns-tcp", "mdns", "llmnr", "nbns", "ssdp", "http", "tls", "ssh",
                "telnet", "ftp", "rdp", "vnc").contains(dir);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void observationsEqualTheExpectedFile(String capture) throws IOException {
        Path pcap = NetworkFixtures.CAPTURES.resolve(capture);
        List<String> lines = new ArrayList<>();
        for (Observation o : Pipeline.observe(pcap)) {
            String pkg = o.getClass().getPackageName();
            if (o instanceof FlowRecord r) {
                lines.add("{\"type\":\"flow_application\",\"flow\":\"" + r.flow() + "\",\"application\":"
                        + (r.application() == null ? "null" : "\"" + r.application() + "\"") + "}");
            } else if (o instanceof AddressSeen || pkg.matches("org\\.wardwatch\\.model\\.obs\\.(dhcp|dns|netbios|ssdp|http|tls|ssh|telnet|ftp|rdp|vnc)")) {
                lines.add("{\"type\":\"" + o.type() + "\"," + JSON.writeValueAsString(o).substring(1));
            }
        }
        Path expected = pcap.resolveSibling(pcap.getFileName().toString().replace(".pcap", ".expected.jsonl"));
        String actual = String.join("\n", lines) + "\n";
        if (Boolean.getBoolean("wardwatch.updateGolden") || Boolean.getBoolean("wardwatch.writeFixtures")) {
            Files.writeString(expected, actual, StandardCharsets.UTF_8);
        }
        assertThat(lines).as(capture).isNotEmpty();
        assertThat(actual).as(capture).isEqualTo(Files.readString(expected, StandardCharsets.UTF_8));
    }
}
