package vn.wardwatch.config;

import java.nio.file.Path;

/**
 * Where evidence packages go and the Ed25519 key pair that signs them. When neither key file exists, the server
 * makes a new pair on first start (as sshd does with host keys); one without the other is an error, since a
 * replaced key would leave every earlier package unverifiable.
 *
 * @param ffmpeg the ffmpeg executable that encodes violation clips
 */
public record EvidenceConfig(Path dir, Path signingKey, Path publicKey, String ffmpeg) {
}
