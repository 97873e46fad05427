package org.wardwatch.protocols.nettest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The fuzz seeds (exchanges made by this project: real-peer recordings and hand-written messages) as directional chunks. */
public final class Seeds {
    private static final String DIR = "NetworkAnalyzersFuzzTestInputs/analyzersNeverThrowAndStayBounded/";

    private Seeds() {
    }

    /** One chunk of a seed: its direction and bytes. */
    public record Chunk(boolean fromClient, byte[] data) {
    }

    /** The chunks of the seed file {@code name}. */
    public static List<Chunk> chunks(String name) {
        byte[] input;
        try (InputStream in = Seeds.class.getResourceAsStream(DIR + name)) {
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

    /** The seed names of the flow analyzers ("07-tls-openssl-tls1_2", ...), sorted. */
    public static List<String> names() {
        try {
            Path dir = Path.of(Seeds.class.getResource(DIR).toURI());
            try (Stream<Path> s = Files.list(dir)) {
                return s.map(p -> p.getFileName().toString())
                        .filter(n -> Integer.parseInt(n.substring(0, 2)) < NetworkAnalyzersFuzzTest.FLOW.size()).sorted().toList();
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first seed of an analyzer index. */
    public static String first(int analyzer) {
        String prefix = String.format("%02d-", analyzer);
        return names().stream().filter(n -> n.startsWith(prefix)).findFirst().orElseThrow();
    }
}
