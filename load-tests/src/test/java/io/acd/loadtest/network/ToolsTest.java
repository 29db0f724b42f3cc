package io.acd.loadtest.network;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a run says when this machine cannot build the network, before it changes anything. */
class ToolsTest {

    @Test
    void notRootIsSaidFirst(@TempDir Path dir) {
        String message = assertThrows(NetworkException.class, () -> Tools.require(1000, List.of(dir))).getMessage();
        assertTrue(message.contains("needs root"), message);
        assertTrue(message.contains("uid 1000"), message);
    }

    @Test
    void missingCommandsAreNamedWithTheirPackages(@TempDir Path dir) throws Exception {
        String both = assertThrows(NetworkException.class, () -> Tools.require(0, List.of(dir))).getMessage();
        assertTrue(both.contains("ip (package iproute2) and nft (package nftables)"), both);
        assertTrue(both.contains("apt-get install -y iproute2 nftables"), both);

        executable(dir.resolve("ip"));
        String one = assertThrows(NetworkException.class, () -> Tools.require(0, List.of(dir))).getMessage();
        assertTrue(one.contains("needs nft (package nftables)"), one);
    }

    @Test
    void theCommandsAreFoundInTheDirectoriesInOrder(@TempDir Path dir) throws Exception {
        Path first = Files.createDirectory(dir.resolve("first"));
        Path second = Files.createDirectory(dir.resolve("second"));
        executable(second.resolve("ip"));
        executable(first.resolve("nft"));
        executable(second.resolve("nft"));

        assertEquals(new Tools(second.resolve("ip"), first.resolve("nft")), Tools.require(0, List.of(first, second)));
    }

    private static void executable(Path file) throws Exception {
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
