package dev.neo4jbackup.logical;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.neo4j.driver.Value;
import org.neo4j.driver.Values;

/** Every property type through its JSON line and back, without a server: the same type and value. */
class JsonValuesTest {

    static Stream<Value> values() {
        return Stream.of(Values.value("text"), Values.value("2024-01-01"), Values.value(42L),
                Values.value(9007199254740993L), Values.value(1.5), Values.value(2.0), Values.value(Double.NaN),
                Values.value(Double.NEGATIVE_INFINITY), Values.value(true), Values.value(new byte[] {0, 1, (byte) 255}),
                Values.value(List.of("a", "b")), Values.value(List.of(1L, 2L)), Values.value(List.of(1.0, 2.5)),
                Values.value(List.of(true, false)), Values.value(LocalDate.of(2024, 2, 29)),
                Values.value(OffsetTime.of(12, 34, 56, 123456789, ZoneOffset.ofHours(1))),
                Values.value(LocalTime.of(23, 59, 59, 999999999)),
                Values.value(ZonedDateTime.of(2024, 3, 31, 2, 30, 0, 1, ZoneOffset.ofHours(2))),
                Values.value(ZonedDateTime.of(2024, 10, 27, 2, 30, 0, 0, ZoneId.of("Europe/Berlin"))),
                Values.value(LocalDateTime.of(2024, 1, 1, 0, 0, 0, 500_000_000)),
                Values.isoDuration(14, 3, 14706, 7), Values.isoDuration(0, 0, -1, 5), Values.isoDuration(-2, -1, 0, 0),
                Values.point(7203, 1.5, -2), Values.point(9157, 1, 2, 3), Values.point(4326, 13.4, 52.5),
                Values.point(4979, 13.4, 52.5, 34), Values.value(List.of(LocalDate.of(2024, 1, 1))),
                Values.value(List.of(Values.point(7203, 1, 2).asPoint(), Values.point(7203, 3, 4).asPoint())));
    }

    @ParameterizedTest
    @MethodSource("values")
    void roundTripsWithItsType(Value value) throws Exception {
        JsonValues.Encoded encoded = JsonValues.encode(value);
        // through the text of a line, as the file holds it
        String json = LogicalExporter.LINES.writeValueAsString(java.util.Collections.singletonMap("v", encoded.json()));
        Object read = ((java.util.Map<?, ?>) LogicalExporter.LINES.readValue(json, Object.class)).get("v");
        Value back = Values.value(JsonValues.decode(read, encoded.type()));
        assertThat(JsonValues.canonical(back)).isEqualTo(JsonValues.canonical(value));
    }
}
