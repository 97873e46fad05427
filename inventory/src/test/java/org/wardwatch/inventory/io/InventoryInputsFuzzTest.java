package org.wardwatch.inventory.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.wardwatch.inventory.Inventory;
import org.wardwatch.inventory.eval.Evaluation;
import org.wardwatch.inventory.eval.Truth;
import org.wardwatch.inventory.identify.BehaviourModel;
import org.wardwatch.inventory.kb.KnowledgeBase;
import org.wardwatch.inventory.rules.RuleSet;
import org.wardwatch.model.FlowId;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.device.Device;
import org.wardwatch.model.obs.dhcp.DhcpClientSeen;
import org.wardwatch.model.obs.dicom.DicomDeviceIdentified;
import org.wardwatch.model.obs.http.HttpRequestSeen;

/**
 * One fuzz target for what the inventory reads from users and from the wire. The first byte picks the
 * mode: 0 = a CMMS export (then reconciled), 1 = a labelled truth CSV (then evaluated), 2 = a devices.json,
 * 3 = hostile observation strings (DHCP host name and vendor class, HTTP user agent, DICOM manufacturer and
 * model) through the rules, the resolver and identification. Property: readers fail only with
 * IOException, and the inventory never throws. Regression inputs:
 * src/test/resources/org/wardwatch/inventory/io/InventoryInputsFuzzTestInputs (prefixed with the mode byte).
 */
class InventoryInputsFuzzTest {
    private static final KnowledgeBase KB = KnowledgeBase.defaults();
    private static final RuleSet RULES = RuleSet.defaults(KB);

    @FuzzTest(maxDuration = "10s")
    void readersFailCleanlyAndTheInventoryNeverThrows(byte[] input) throws Exception {
        if (input.length < 1) {
            return;
        }
        String text = new String(input, 1, input.length - 1, StandardCharsets.UTF_8);
        switch (input[0] & 3) {
            case 0 -> {
                try {
                    var assets = CmmsReconciliation.readAssets(new StringReader(text));
                    CmmsReconciliation.reconcile(assets, devices(), KB.vendors());
                } catch (IOException expected) {
                    // not a CMMS export
                }
            }
            case 1 -> {
                try {
                    Evaluation.evaluate(devices(), Truth.readCsv("fuzz", new StringReader(text)), KB);
                } catch (IOException expected) {
                    // not a truth file
                }
            }
            case 2 -> {
                try {
                    DevicesJson.read(new ByteArrayInputStream(input, 1, input.length - 1));
                } catch (IOException expected) {
                    // not a devices.json
                }
            }
            default -> observations(text);
        }
    }

    private static List<Device> devices() {
        Inventory inv = new Inventory(KB, RULES, BehaviourModel.NONE, 100);
        inv.accept(new org.wardwatch.model.obs.AddressSeen(Instant.EPOCH, MacAddress.parse("00:12:21:00:00:01"),
                IpAddress.parse("10.0.0.1"), 0, "arp"));
        return inv.finish().devices();
    }

    private static void observations(String text) {
        String[] parts = text.split("\n", 4);
        String a = parts[0];
        String b = parts.length > 1 ? parts[1] : "";
        Inventory inv = new Inventory(KB, RULES, BehaviourModel.NONE, 100);
        FlowId flow = new FlowId(0, IpAddress.parse("10.0.0.2"), 40000, IpAddress.parse("10.0.0.3"), 104, FlowId.TCP);
        List<Integer> prl = new ArrayList<>();
        for (char c : b.toCharArray()) {
            prl.add((int) c & 0xFF);
        }
        inv.accept(new DhcpClientSeen(Instant.EPOCH, flow, MacAddress.parse("00:12:21:00:00:02"), "request", 1, a, prl, b, null, a,
                null, null, null, null, List.of()));
        inv.accept(new HttpRequestSeen(Instant.EPOCH, flow, "GET", a, "/", false, "HTTP/1.1", a + b, null, null, List.of()));
        inv.accept(new DicomDeviceIdentified(Instant.EPOCH, flow, true, "C-STORE-RQ", "1.2.840.10008.5.1.4.1.1.2", b, a, b, a, b, a, null));
        inv.finish();
    }
}
