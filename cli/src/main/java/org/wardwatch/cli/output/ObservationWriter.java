package org.wardwatch.cli.output;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.wardwatch.model.Observation;

/**
 * Writes observations as JSON lines: {@code {"type":"dhcp_client_seen","ts":"...",...}}, the
 * record's components after the type. Streaming: nothing is held in memory.
 */
public final class ObservationWriter implements Closeable {
    private final ObjectMapper mapper = Json.mapper();
    private final Writer out;
    private long written;

    public ObservationWriter(Path file) throws IOException {
        this.out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16);
    }

    public void write(Observation o) {
        try {
            ObjectNode node = mapper.createObjectNode();
            node.put("type", o.type());
            node.setAll((ObjectNode) mapper.valueToTree(o));
            mapper.getFactory().createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeTree(node);
            out.write('\n');
            written++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long written() {
        return written;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
