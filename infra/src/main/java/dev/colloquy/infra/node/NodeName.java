package dev.colloquy.infra.node;

import dev.colloquy.infra.ColloquyProperties;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * What this node calls itself wherever nodes share the database: the owner of its processors' segments, of the
 * replies it generates. {@code colloquy.node-id} when set; otherwise host and process, since two nodes may run
 * on one host and must never take each other's claims for their own.
 */
public record NodeName(String value) {
    public static NodeName of(ColloquyProperties properties) {
        if (!properties.nodeId().isBlank()) {
            return new NodeName(properties.nodeId());
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "colloquy";
        }
        return new NodeName(host + "-" + ProcessHandle.current().pid());
    }
}
