#pragma once
// Sealing, hashing and identifiers, all through libsodium.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ksync {

using Bytes = std::vector<std::uint8_t>;

/// A Curve25519 key pair for crypto_box_seal.
struct BoxKeyPair {
    Bytes public_key;
    Bytes secret_key;
};

/// An ed25519 key pair for detached signatures (catalog bundles).
struct SigningKeyPair {
    Bytes public_key;
    Bytes secret_key;
};

/// Initialises libsodium once; safe to call from any thread, any number of times.
void init_crypto();

/// A fresh key pair for sealed boxes.
BoxKeyPair generate_box_keypair();

/// Seals `plaintext` so only the holder of the secret key matching `public_key` can open it.
Bytes seal(std::string_view plaintext, const Bytes& public_key);

/// Opens a sealed box; nullopt when it was not sealed to this key pair or was altered.
std::optional<std::string> open_sealed(const Bytes& sealed, const BoxKeyPair& keys);

/// A fresh ed25519 key pair.
SigningKeyPair generate_signing_keypair();

/// The detached ed25519 signature of `message`.
Bytes sign_detached(std::string_view message, const Bytes& secret_key);

/// True when `signature` is a valid ed25519 signature of `message` by `public_key`.
bool verify_detached(std::string_view message, const Bytes& signature, const Bytes& public_key);

/// SHA-256 of `data` as lower-case hex.
std::string sha256_hex(std::string_view data);

/// Standard base64 with padding.
std::string base64_encode(const Bytes& data);

/// Decodes standard base64; nullopt on malformed input.
std::optional<Bytes> base64_decode(std::string_view text);

/// A random RFC 4122 version 4 UUID in lower-case text form.
std::string new_uuid();

/// `length` random characters from an unambiguous alphabet (no 0/O, 1/I/L).
std::string random_code(std::size_t length);

/// Zeroes `data` in a way the compiler cannot optimise out.
void wipe_bytes(void* data, std::size_t size);

} // namespace ksync
