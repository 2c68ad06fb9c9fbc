package dev.colloquy.infra.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

/**
 * An installation's own RS256 key, made at its first start and kept in a file only its owner can read: a demo or
 * single-host install gets a secret nobody else has without configuring one. Nodes on one host share the file
 * (the first to start writes it, atomically); nodes on several hosts configure {@code signing-keys} instead.
 */
final class LocalSigningKey {
    private LocalSigningKey() {
    }

    static AuthProperties.SigningKey loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            String pem = Files.readString(file, StandardCharsets.US_ASCII);
            return new AuthProperties.SigningKey(kid(pem), pem);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the signing key in " + file, e);
        }
    }

    private static void create(Path file) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        }
        Path draft = Files.createTempFile(directory, ".signing-key", ".pem",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(draft, pem(generate()), StandardCharsets.US_ASCII);
            // A hard link never replaces: of two nodes starting at once, one key wins and both read it.
            Files.createLink(file, draft);
        } catch (FileAlreadyExistsException lost) {
            // another node wrote it first
        } finally {
            Files.deleteIfExists(draft);
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(3072);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(KeyPair pair) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    /** Named by its own digest, so a regenerated key is never mistaken for the old one by a verifier's cache. */
    private static String kid(String pem) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(pem.getBytes(StandardCharsets.US_ASCII));
            return "local-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
