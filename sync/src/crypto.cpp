#include "sync/crypto.hpp"

#include <sodium.h>
#include <stdexcept>

namespace ksync {

void init_crypto() {
    static const bool ready = sodium_init() >= 0;
    if (!ready) throw std::runtime_error("libsodium failed to initialise");
}

BoxKeyPair generate_box_keypair() {
    init_crypto();
    BoxKeyPair keys{Bytes(crypto_box_PUBLICKEYBYTES), Bytes(crypto_box_SECRETKEYBYTES)};
    crypto_box_keypair(keys.public_key.data(), keys.secret_key.data());
    return keys;
}

Bytes seal(std::string_view plaintext, const Bytes& public_key) {
    init_crypto();
    if (public_key.size() != crypto_box_PUBLICKEYBYTES)
        throw std::invalid_argument("portal public key has the wrong length");
    Bytes sealed(plaintext.size() + crypto_box_SEALBYTES);
    crypto_box_seal(sealed.data(), reinterpret_cast<const unsigned char*>(plaintext.data()),
                    plaintext.size(), public_key.data());
    return sealed;
}

std::optional<std::string> open_sealed(const Bytes& sealed, const BoxKeyPair& keys) {
    init_crypto();
    if (sealed.size() < crypto_box_SEALBYTES ||
        keys.public_key.size() != crypto_box_PUBLICKEYBYTES ||
        keys.secret_key.size() != crypto_box_SECRETKEYBYTES)
        return std::nullopt;
    std::string plain(sealed.size() - crypto_box_SEALBYTES, '\0');
    if (crypto_box_seal_open(reinterpret_cast<unsigned char*>(plain.data()), sealed.data(),
                             sealed.size(), keys.public_key.data(), keys.secret_key.data()) != 0)
        return std::nullopt;
    return plain;
}

SigningKeyPair generate_signing_keypair() {
    init_crypto();
    SigningKeyPair keys{Bytes(crypto_sign_PUBLICKEYBYTES), Bytes(crypto_sign_SECRETKEYBYTES)};
    crypto_sign_keypair(keys.public_key.data(), keys.secret_key.data());
    return keys;
}

Bytes sign_detached(std::string_view message, const Bytes& secret_key) {
    init_crypto();
    if (secret_key.size() != crypto_sign_SECRETKEYBYTES)
        throw std::invalid_argument("signing key has the wrong size");
    Bytes signature(crypto_sign_BYTES);
    crypto_sign_detached(signature.data(), nullptr,
                         reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                         secret_key.data());
    return signature;
}

bool verify_detached(std::string_view message, const Bytes& signature, const Bytes& public_key) {
    init_crypto();
    if (signature.size() != crypto_sign_BYTES || public_key.size() != crypto_sign_PUBLICKEYBYTES)
        return false;
    return crypto_sign_verify_detached(signature.data(),
                                       reinterpret_cast<const unsigned char*>(message.data()),
                                       message.size(), public_key.data()) == 0;
}

std::string sha256_hex(std::string_view data) {
    init_crypto();
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

std::string base64_encode(const Bytes& data) {
    init_crypto();
    std::string out(sodium_base64_encoded_len(data.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), data.data(), data.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1); // drop the terminating NUL
    return out;
}

std::optional<Bytes> base64_decode(std::string_view text) {
    init_crypto();
    Bytes out(text.size() / 4 * 3 + 3);
    std::size_t len = 0;
    if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &len, nullptr,
                          sodium_base64_VARIANT_ORIGINAL) != 0)
        return std::nullopt;
    out.resize(len);
    return out;
}

std::string new_uuid() {
    init_crypto();
    unsigned char b[16];
    randombytes_buf(b, sizeof b);
    b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40); // version 4
    b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80); // RFC 4122 variant
    char hex[33];
    sodium_bin2hex(hex, sizeof hex, b, sizeof b);
    const std::string h(hex);
    return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
           "-" + h.substr(20, 12);
}

std::string random_code(std::size_t length) {
    init_crypto();
    static constexpr char kAlphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    std::string code;
    for (std::size_t i = 0; i < length; ++i)
        code.push_back(kAlphabet[randombytes_uniform(sizeof kAlphabet - 1)]);
    return code;
}

void wipe_bytes(void* data, std::size_t size) {
    sodium_memzero(data, size);
}

} // namespace ksync
