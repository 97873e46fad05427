package org.wardwatch.protocols.bacnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wardwatch.model.obs.bacnet.BacnetDeviceSeen;
import org.wardwatch.model.obs.bacnet.BacnetPropertySeen;
import org.wardwatch.protocols.infratest.Agreement;
import org.wardwatch.protocols.infratest.Replay;
import org.wardwatch.testkit.Requirements;
import org.wardwatch.testkit.Tshark;

/**
 * BACnet/IP fields equal tshark's on every I-Am and every unsegmented ReadProperty-ACK /
 * ReadPropertyMultiple-ACK tshark dissects. tshark fields compared: bacapp.instance_number and
 * bacapp.vendor_identifier of I-Am (bacapp.unconfirmed_service == 0), and the character-string
 * values of object-name (bacapp.object_name), vendor-name, model-name, firmware-revision,
 * application-software-version, description and location. tshark 4.0 has no filterable field for the
 * latter six, so they are read from its verbose tree ("model-name: UTF-8 'HIY-054'"). Object name,
 * description and location are compared for Device objects only (we keep no point names), empty
 * strings are left out on both sides. Compared as distinct sets per capture (our records are once per
 * value per flow). Segmented ACKs are not reassembled by us and are filtered out of tshark's side.
 */
class BacnetTsharkAgreementTest {
    private static final Pattern VALUE = Pattern.compile(
            "^ {4}(vendor-name|model-name|firmware-revision|application-software-version|description|location): UTF-8 '(.*)'$");
    private static final Pattern OBJECT_NAME = Pattern.compile("^ {8}Object Name: (.*)$");
    private static final Pattern DESCRIPTION_OR_LOCATION = Pattern.compile("^ {4}(description|location): UTF-8 '(.*)'$");
    private static final Pattern OBJECT = Pattern.compile("^\\s+ObjectIdentifier: ([a-z-]+), (\\d+)$");

    @ParameterizedTest
    @ValueSource(strings = {"protocols/ndpi_bacnet.pcap", "ics/icsnpp_bacnet_example.pcap", "ics/icsnpp_bacnet_services.pcap",
        "ics/icsnpp_bacnet_error_reject_abort.pcap", "ics/icsnpp_bacnet_segmented_data.pcap"})
    void iAmAndIdentifyingPropertiesEqualTsharks(String name) {
        Path capture = Requirements.sharedFile("corpus/" + name);
        Replay.Result r = Replay.flows(capture, "bvlc", new BacnetAnalyzerFactory());

        Agreement devices = new Agreement(name + " bacnet i-am");
        Set<String> expectedDevices = new TreeSet<>();
        List<String[]> iAms = Tshark.on(capture).tolerateReadErrors().filter("bacapp.unconfirmed_service == 0")
                .fields("bacapp.instance_number", "bacapp.vendor_identifier");
        for (String[] c : iAms) {
            expectedDevices.add(c[0] + "|" + c[1]);
        }
        expectedDevices.forEach(devices::expect);
        new TreeSet<>(r.of(BacnetDeviceSeen.class).stream().map(d -> d.deviceInstance() + "|" + d.vendorId()).toList())
                .forEach(devices::actual);

        Agreement properties = new Agreement(name + " bacnet properties");
        Set<String> expectedProps = new TreeSet<>();
        String verbose = Requirements.run(120, "tshark", "-n", "-r", capture.toString(), "-V", "-Y",
                "bacapp.type == 3 && (bacapp.confirmed_service == 12 || bacapp.confirmed_service == 14) && !(bacapp.segmented_request == 1)");
        int acks = 0;
        String objectType = "";
        for (String line : verbose.split("\n")) {
            if (line.startsWith("Frame ")) {
                acks++;
            }
            Matcher id = OBJECT.matcher(line);
            if (id.matches()) {
                objectType = id.group(1);
            }
            boolean device = objectType.equals("device");
            Matcher m = VALUE.matcher(line);
            Matcher d = DESCRIPTION_OR_LOCATION.matcher(line);
            if (m.matches() && !m.group(2).isEmpty() && (device || !d.matches())) {
                expectedProps.add(m.group(1).replace('-', '_') + "|" + m.group(2));
            }
            Matcher o = OBJECT_NAME.matcher(line);
            if (o.matches() && device && !o.group(1).isEmpty()) {
                expectedProps.add("object_name|" + o.group(1));
            }
        }
        expectedProps.forEach(properties::expect);
        new TreeSet<>(r.of(BacnetPropertySeen.class).stream().filter(p -> !p.property().equals("vendor_identifier"))
                .map(p -> p.property() + "|" + p.value()).toList()).forEach(properties::actual);
        System.out.printf("%s: %d i-am, %d read-property acks, anomalies %s%n", name, iAms.size(), acks, r.counters());
        devices.assertEqual();
        properties.assertEqual();
        assertThat(r.counters()).doesNotContainKey("bacnet_internal_error");
    }
}
