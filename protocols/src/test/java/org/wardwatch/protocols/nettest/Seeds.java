package org.wardwatch.protocols.nettest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** The fuzz seeds (real messages cut from the corpus) as directional chunks, for unit tests. */
public final class Seeds {
    private Seeds() {
    }

    /** One chunk of a seed: its direction and bytes. */
    public record Chunk(boolean fromClient, byte[] data) {
    }

    /** The chunks of the seed file {@code name} (e.g. "07-tls"). */
    public static List<Chunk> chunks(String name) {
        byte[] input;
        try (InputStream in = Seeds.class.getResourceAsStream("NetworkAnalyzersFuzzTestInputs/analyzersNeverThrowAndStayBounded/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no seed " + name);
            }
            input = in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<Chunk> out = new ArrayList<>();
        NetworkAnalyzersFuzzTest.forEachChunk(input, (fromClient, from, to) ->
                out.add(new Chunk(fromClient, java.util.Arrays.copyOfRange(input, from, to))));
        return out;
    }

    /** The seed names. */
    public static List<String> names() {
        return List.of("00-dhcp", "01-dhcpv6", "02-nbns", "03-ssdp", "04-mdns", "05-llmnr", "06-dns", "07-tls", "07-tls-cert",
                "08-ssh", "09-rdp", "10-vnc", "11-http", "12-ftp", "13-telnet", "14-dns-tcp-framed");
    }
}
