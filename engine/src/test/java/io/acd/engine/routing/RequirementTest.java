package io.acd.engine.routing;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequirementTest {

    @Test
    void shouldMatchTheSameLevelsInAnotherMap() {
        Requirement requirement = new Requirement(0, Map.of("billing", 3, "lang.pl", 2), null);
        Map<String, Integer> other = new HashMap<>();
        other.put("lang.pl", 2);
        other.put("billing", 3);
        assertTrue(requirement.matches(other));
    }

    @Test
    void shouldNotMatchOtherLevelsOrOtherSkills() {
        Requirement requirement = new Requirement(0, Map.of("billing", 3, "lang.pl", 2), null);
        assertFalse(requirement.matches(Map.of("billing", 3, "lang.pl", 1)));
        assertFalse(requirement.matches(Map.of("billing", 3, "lang.en", 2)));
    }

    @Test
    void shouldCompareLevelsByValueNotByIdentity() {
        // Levels beyond the small-integer cache are distinct boxes: an identity comparison would fail here.
        Requirement requirement = new Requirement(0, Map.of("billing", 1000), null);
        assertTrue(requirement.matches(Map.of("billing", Integer.valueOf(1000))));
        assertTrue(Requirement.sameLevels(new String[]{"billing"}, new int[]{1000}, Map.of("billing", 1000)));
    }

    @Test
    void shouldKeepTheChainOfSameHashes() {
        Requirement first = new Requirement(0, Map.of("Aa", 1), null);
        Requirement second = new Requirement(1, Map.of("BB", 1), first);
        assertSame(first, second.sameHash);
        assertFalse(second.matches(first.levels));
    }
}
