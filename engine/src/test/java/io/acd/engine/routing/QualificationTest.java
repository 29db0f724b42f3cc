package io.acd.engine.routing;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class QualificationTest {

    private static BitSet bits(int... set) {
        BitSet bits = new BitSet();
        for (int b : set) {
            bits.set(b);
        }
        return bits;
    }

    @Test
    void shouldAdmitTheProfilesWithEverySkillAtItsLevel() {
        List<Profile> profiles = List.of(
                new Profile(0, Map.of("billing", 3, "lang.pl", 2), Set.of()),
                new Profile(1, Map.of("billing", 2, "lang.pl", 5), Set.of()),
                new Profile(2, Map.of("billing", 5), Set.of()),
                new Profile(3, Map.of("billing", 3, "lang.pl", 3, "tech", 1), Set.of()));
        Qualification qualification = new Qualification(Map.of("billing", 3, "lang.pl", 2), Set.of());
        assertEquals(bits(0, 3), qualification.extendTo(profiles));
    }

    @Test
    void shouldAdmitOnlyProfilesInTheGroupsWhenThereAreGroups() {
        List<Profile> profiles = List.of(
                new Profile(0, Map.of(), Set.of("g1")),
                new Profile(1, Map.of(), Set.of("g2", "g3")),
                new Profile(2, Map.of(), Set.of()));
        assertEquals(bits(1), new Qualification(Map.of(), Set.of("g2")).extendTo(profiles));
        assertEquals(bits(0, 1, 2), new Qualification(Map.of(), Set.of()).extendTo(profiles));
    }

    @Test
    void shouldExtendToProfilesAddedLaterAndCheckEachOnce() {
        List<Profile> profiles = new ArrayList<>();
        profiles.add(new Profile(0, Map.of("tech", 1), Set.of()));
        Qualification qualification = new Qualification(Map.of("tech", 1), Set.of());
        assertEquals(bits(0), qualification.extendTo(profiles));
        profiles.add(new Profile(1, Map.of(), Set.of()));
        profiles.add(new Profile(2, Map.of("tech", 4), Set.of()));
        assertEquals(bits(0, 2), qualification.extendTo(profiles));
        assertEquals(3, qualification.checked);
    }
}
