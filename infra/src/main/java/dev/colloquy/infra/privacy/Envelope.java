package dev.colloquy.infra.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * An encrypted text as it stands in an event's JSON: {@code pd1:<key id>:<base64(iv | ciphertext | tag)>},
 * AES-256-GCM with a random 96-bit IV, the key id as associated data (a value moved under another key id does
 * not decrypt). Still a JSON string, so no event changes shape.
 */
final class Envelope {
    static final String PREFIX = "pd1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Envelope() {
    }

    static String seal(String plaintext, String keyId, SecretKey key) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[IV_BYTES + sealed.length];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return PREFIX + keyId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The key id an envelope names, or null if {@code value} is no envelope (plain text written earlier). */
    static String keyIdOf(String value) {
        if (!value.startsWith(PREFIX)) {
            return null;
        }
        int end = value.indexOf(':', PREFIX.length());
        return end < 0 ? null : value.substring(PREFIX.length(), end);
    }

    /** Throws if the value was altered or sealed under another key. */
    static String open(String value, String keyId, SecretKey key) throws GeneralSecurityException {
        byte[] in = Base64.getDecoder().decode(value.substring(PREFIX.length() + keyId.length() + 1));
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
        cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
        return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
    }
}
