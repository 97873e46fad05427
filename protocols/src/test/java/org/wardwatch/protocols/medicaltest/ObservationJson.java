package org.wardwatch.protocols.medicaltest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.List;
import java.util.stream.Collectors;
import org.wardwatch.model.Observation;

/** Observations as the JSON wardwatch writes (same settings as the cli's Json), for tests that look at text. */
public final class ObservationJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private ObservationJson() {
    }

    public static String of(Observation o) {
        try {
            return MAPPER.writeValueAsString(o).replaceFirst("^\\{", "{\"type\":\"" + o.type() + "\",");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String lines(List<? extends Observation> observations) {
        return observations.stream().map(ObservationJson::of).collect(Collectors.joining("\n"));
    }
}
