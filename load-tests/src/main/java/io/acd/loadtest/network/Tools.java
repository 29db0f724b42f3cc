package io.acd.loadtest.network;

import com.sun.security.auth.module.UnixSystem;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What building the network needs of this machine, checked before anything is changed: root, and the ip
 * (iproute2) and nft (nftables) commands, by absolute path.
 *
 * @param ip  the ip command
 * @param nft the nft command
 */
record Tools(Path ip, Path nft) {

    /** Root's PATH has them, but a PATH inherited through sudo or a build tool often does not. */
    private static final List<Path> SYSTEM_DIRS = List.of(Path.of("/usr/sbin"), Path.of("/sbin"));

    /** This machine's tools, or a {@link NetworkException} that says what is missing and how to get it. */
    static Tools require() {
        List<Path> dirs = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isBlank()) {
                dirs.add(Path.of(dir));
            }
        }
        dirs.addAll(SYSTEM_DIRS);
        return require(new UnixSystem().getUid(), dirs);
    }

    static Tools require(long uid, List<Path> searched) {
        if (uid != 0) {
            throw new NetworkException("The partition network needs root: network namespaces, a bridge and"
                    + " nftables rules need CAP_SYS_ADMIN and CAP_NET_ADMIN. This runs as uid " + uid
                    + "; run it as root (sudo).");
        }
        Optional<Path> ip = find("ip", searched);
        Optional<Path> nft = find("nft", searched);
        List<String> missing = new ArrayList<>();
        ip.ifPresentOrElse(p -> { }, () -> missing.add("ip (package iproute2)"));
        nft.ifPresentOrElse(p -> { }, () -> missing.add("nft (package nftables)"));
        if (!missing.isEmpty()) {
            throw new NetworkException("The partition network needs " + String.join(" and ", missing)
                    + ", found neither on the PATH nor in /usr/sbin or /sbin. On Debian or Ubuntu:"
                    + " apt-get install -y iproute2 nftables");
        }
        return new Tools(ip.get(), nft.get());
    }

    private static Optional<Path> find(String name, List<Path> dirs) {
        return dirs.stream().map(dir -> dir.resolve(name)).filter(Files::isExecutable).findFirst();
    }
}
