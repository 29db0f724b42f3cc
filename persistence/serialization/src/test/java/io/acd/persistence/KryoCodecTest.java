package io.acd.persistence;

import com.esotericsoftware.kryo.KryoException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KryoCodecTest {

    enum Colour { RED, GREEN }

    record Nested(String label, Colour colour) {
    }

    record Everything(String text, int small, long big, boolean flag, double ratio, Colour colour,
                      List<String> list, Set<Colour> set, Map<Colour, Integer> map, Instant at,
                      Duration took, Nested nested, List<Nested> nestedList, String nothing) {
    }

    /** The shape of a stored event as version 1 of the product wrote it; its bytes are a committed fixture. */
    record TicketOpenedV1(String ticketId, int priority, Colour colour) {
    }

    /** The same event after a release added two components and dropped none. */
    record TicketOpened(String ticketId, int priority, Colour colour, String note, List<String> tags,
                        int attempts) {
    }

    /** A later shape that dropped a component and reordered the others. */
    record TicketOpenedSlim(Colour colour, String ticketId) {
    }

    private static KryoCodec codec(Class<? extends Record> ticketShape) {
        return new KryoCodec(List.of(registry -> {
            registry.enumeration(Colour.class, 100);
            registry.record(Nested.class, 101);
            registry.record(Everything.class, 102);
            registerAs(registry, ticketShape);
        }));
    }

    @SuppressWarnings("unchecked")
    private static <T extends Record> void registerAs(KryoRegistry registry, Class<?> type) {
        registry.record((Class<T>) type, 103);
    }

    @Test
    void everySupportedComponentKindRoundTrips() throws Exception {
        KryoCodec codec = codec(TicketOpened.class);
        Everything value = new Everything("hello", -7, 1L << 40, true, 0.25, Colour.GREEN,
                List.of("a", "b"), Set.of(Colour.RED), Map.of(Colour.RED, 3, Colour.GREEN, 1),
                Instant.parse("2026-11-24T10:15:30.123456789Z"), Duration.ofMillis(1500),
                new Nested("n", Colour.RED), List.of(new Nested("x", Colour.GREEN)), null);

        byte[] bytes = codec.toBinary(value);

        assertEquals("102", codec.manifest(value));
        assertEquals(value, codec.fromBinary(bytes, "102"));
    }

    @Test
    void bytesStoredBeforeComponentsWereAddedStillRead() throws Exception {
        byte[] stored = fixture("ticket-opened-v1.bin");

        Object read = codec(TicketOpened.class).fromBinary(stored, "103");

        assertEquals(new TicketOpened("t-1", 7, Colour.GREEN, null, List.of(), 0), read);
    }

    @Test
    void bytesStoredWithComponentsSinceRemovedStillRead() throws Exception {
        byte[] stored = fixture("ticket-opened-v1.bin");

        Object read = codec(TicketOpenedSlim.class).fromBinary(stored, "103");

        assertEquals(new TicketOpenedSlim(Colour.GREEN, "t-1"), read);
    }

    @Test
    void committedFixtureIsWhatVersionOneWrites() throws Exception {
        byte[] written = codec(TicketOpenedV1.class).toBinary(new TicketOpenedV1("t-1", 7, Colour.GREEN));
        Path source = Path.of("src/test/resources/fixtures/ticket-opened-v1.bin");
        if (Boolean.getBoolean("acd.fixtures.write")) {
            Files.write(source, written);
        }
        // If this fails the stored format changed: old journals would no longer read.
        assertArrayEquals(Files.readAllBytes(source), written);
    }

    @Test
    void unknownManifestIsRefusedNotGuessed() {
        KryoCodec codec = codec(TicketOpened.class);
        assertThrows(NotSerializableException.class, () -> codec.fromBinary(new byte[] {1}, "999"));
        assertThrows(NotSerializableException.class, () -> codec.fromBinary(new byte[] {1}, "Ticket"));
    }

    @Test
    void unregisteredTypesAreRefused() {
        KryoCodec codec = codec(TicketOpened.class);
        record Unregistered(String x) {
        }
        assertThrows(RuntimeException.class, () -> codec.toBinary(new Unregistered("x")));
        assertTrue(codec.isRegistered(TicketOpened.class));
    }

    @Test
    void idsBelowTheApplicationRangeOrGivenTwiceAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new KryoCodec(List.of(registry -> registry.record(Nested.class, 5))));
        assertThrows(IllegalStateException.class, () -> new KryoCodec(List.of(registry -> {
            registry.record(Nested.class, 200);
            registry.record(Everything.class, 200);
        })));
    }

    /** Version one's event with {@code priority} renamed in the code but stored under its old name. */
    record TicketOpenedRenamed(String ticketId, @StoredAs("priority") int urgency, Colour colour) {
    }

    @Test
    void aComponentRenamedWithStoredAsReadsAndWritesUnderItsStoredName() throws Exception {
        KryoCodec codec = codec(TicketOpenedRenamed.class);

        Object read = codec.fromBinary(fixture("ticket-opened-v1.bin"), "103");

        assertEquals(new TicketOpenedRenamed("t-1", 7, Colour.GREEN), read);
        assertArrayEquals(fixture("ticket-opened-v1.bin"), codec.toBinary(read));
    }

    @Test
    void aRetiredIdIsNeverGivenAgain() {
        assertThrows(IllegalStateException.class, () -> new KryoCodec(List.of(registry -> {
            registry.retired(200, "a type since removed");
            registry.record(Nested.class, 200);
        })));
        assertThrows(IllegalStateException.class, () -> new KryoCodec(List.of(registry -> {
            registry.record(Nested.class, 200);
            registry.retired(200, "a type since removed");
        })));
    }

    enum ColourWithBlue { RED, GREEN, BLUE }

    record NestedWithBlue(String label, ColourWithBlue colour) {
    }

    @Test
    void aStoredConstantThatNoLongerExistsFailsWithItsName() {
        // A journal written by a version that had a constant this one lacks.
        KryoCodec older = new KryoCodec(List.of(registry -> {
            registry.enumeration(ColourWithBlue.class, 100);
            registry.record(NestedWithBlue.class, 101);
        }));
        byte[] bytes = older.toBinary(new NestedWithBlue("n", ColourWithBlue.BLUE));

        KryoException e = assertThrows(KryoException.class,
                () -> codec(TicketOpened.class).fromBinary(bytes, "101"));
        assertTrue(e.getMessage().contains("BLUE"), e.getMessage());
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = KryoCodecTest.class.getResourceAsStream("/fixtures/" + name)) {
            return Objects.requireNonNull(in, "missing fixture " + name).readAllBytes();
        }
    }
}
