package io.acd.engine.routing;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The index's id map against {@code java.util.HashMap} over random puts, replacements and removals, with
 * keys drawn from a small set so that runs of neighbouring slots form, wrap around the end of the table and
 * are cut by removals, and with keys whose {@code String} hashes are equal ("Aa" and "BB"). A map that
 * starts small fills its arrival-ordered entries many times over, so that compactions and growth happen
 * between any two operations.
 */
class IdMapProperties {

    @Property(tries = 300)
    void behavesLikeAHashMap(@ForAll long seed, @ForAll @IntRange(min = 1, max = 2000) int operations,
                             @ForAll @IntRange(min = 1, max = 300) int distinctKeys) {
        Random random = new Random(seed);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < distinctKeys; i++) {
            // Pairs of "Aa"/"BB" blocks give the same String.hashCode for different keys.
            keys.add(random.nextInt(4) == 0 ? collidingKey(i) : "c" + i);
        }
        IdMap<Integer> map = new IdMap<>(4, 0.5f);
        Map<String, Integer> expected = new HashMap<>();
        for (int op = 0; op < operations; op++) {
            String key = keys.get(random.nextInt(keys.size()));
            switch (random.nextInt(3)) {
                case 0, 1 -> {
                    int value = random.nextInt();
                    assertEquals(expected.put(key, value), map.put(key, value), "put " + key);
                }
                default -> assertEquals(expected.remove(key), map.remove(key), "remove " + key);
            }
            assertEquals(expected.size(), map.size());
            String other = keys.get(random.nextInt(keys.size()));
            assertEquals(expected.get(other), map.get(other), "get " + other);
        }
        for (String key : keys) {
            assertEquals(expected.get(key), map.get(key), "get " + key);
            assertEquals(expected.containsKey(key), map.containsKey(key));
        }
        assertEquals(new HashMap<>(expected).keySet(), new java.util.HashSet<>(map.keys()));
        assertEquals(expected.size(), map.keys().size(), "a key listed twice");
        List<Integer> values = new ArrayList<>();
        map.forEachValue(values::add);
        assertEquals(expected.values().stream().sorted().toList(), values.stream().sorted().toList());
    }

    private static String collidingKey(int i) {
        StringBuilder key = new StringBuilder();
        for (int bit = 0; bit < 3; bit++) {
            key.append((i >> bit & 1) == 0 ? "Aa" : "BB");
        }
        return key.append(i >> 3).toString();
    }
}
