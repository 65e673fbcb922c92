#include "kiosk/provision.hpp"

#include "kiosk/staff.hpp"
#include "kiosk/status_lookup.hpp"
#include "sync/crypto.hpp"
#include "sync/outbox.hpp"
#include "sync/portal_api.hpp"
#include "sync/protocol.hpp"
#include "sync/sync_engine.hpp"

#include <filesystem>
#include <fstream>

namespace kiosk {

namespace {

int unsent_entries(const Paths& paths) {
    if (!std::filesystem::exists(paths.outbox())) return 0;
    ksync::Outbox outbox(paths.outbox());
    return outbox.stats(ksync::unix_now()).unsent;
}

} // namespace

std::string terminal_public_key(const Paths& paths) {
    auto secret = read_terminal_secret_key(paths);
    if (secret.empty()) return {};
    // An ed25519 secret key carries its public half in its last 32 bytes.
    auto key = ksync::base64_encode(ksync::Bytes(secret.begin() + 32, secret.end()));
    ksync::wipe_bytes(secret.data(), secret.size());
    return key;
}

std::optional<TerminalConfig> provision(const Paths& paths, const ProvisionRequest& request,
                                        std::string& error) {
    std::string load_error;
    auto config = load_config(paths.config_file, load_error).value_or(TerminalConfig{});
    if (config.provisioned() && config.portal_url != request.portal_url && !request.force) {
        if (const int unsent = unsent_entries(paths); unsent > 0) {
            error = std::to_string(unsent) + " submission(s) for " + config.portal_url +
                    " are not delivered yet: run `kioskctl sync --until-empty` first, or pass "
                    "--force to keep them queued for the old portal";
            return std::nullopt;
        }
    }
    if (!request.terminal_id.empty() && !ksync::valid_terminal_id(request.terminal_id)) {
        error = "terminal id must be 1 to 64 letters, digits, '.', '-' or '_', starting with a "
                "letter or digit";
        return std::nullopt;
    }
    if (!request.commune_code.empty() && !ksync::valid_commune_code(request.commune_code)) {
        error = "commune code must be 5 digits, e.g. 00004";
        return std::nullopt;
    }
    if (const auto problem =
            ksync::portal_url_problem(request.portal_url, config.allow_insecure_http);
        !problem.empty()) {
        error = "portal URL " + problem;
        return std::nullopt;
    }
    const auto keys = ksync::generate_signing_keypair();
    ksync::HttpOptions http;
    http.base_url = request.portal_url;
    http.pinned_key = request.pinned_key;
    http.allow_insecure_http = config.allow_insecure_http;
    ksync::HttpClient client(http);
    const auto enrollment =
        ksync::enroll(client, request.enroll_code, request.terminal_id, request.commune_code,
                      ksync::base64_encode(keys.public_key), error);
    if (!enrollment) return std::nullopt;

    config.terminal_id = enrollment->terminal_id;
    config.commune_code = request.commune_code;
    config.portal_url = request.portal_url;
    config.portal_box_key = enrollment->portal_box_key;
    config.catalog_signing_key = enrollment->catalog_signing_key;
    config.agency_code = enrollment->agency_code;
    config.dossier_unit = enrollment->dossier_unit;
    config.dossier_digit = enrollment->dossier_digit;
    config.pinned_key = request.pinned_key;
    if (!write_file_atomically(paths.terminal_key_file(),
                               ksync::base64_encode(keys.secret_key) + "\n", true, error) ||
        !write_token(paths, enrollment->token, error) ||
        !save_config(paths.config_file, config, error))
        return std::nullopt;
    // A terminal enrolled again after losing its data folder goes on after the numbers the
    // portal already holds from its block today, never giving one twice.
    if (config.dossier_digit > 0) {
        try {
            ksync::Outbox outbox(paths.outbox());
            outbox.note_dossier_numbers_used({config.dossier_unit, config.dossier_digit},
                                             enrollment->dossier_day,
                                             enrollment->dossier_last_used);
        } catch (const ksync::OutboxError& e) {
            error = std::string("the outbox cannot record the dossier numbers in use: ") + e.what();
            return std::nullopt;
        }
    }
    return config;
}

std::optional<Decommissioned> decommission(const Paths& paths, bool force, std::string& error) {
    Decommissioned result;
    if (std::filesystem::exists(paths.outbox())) {
        ksync::Outbox outbox(paths.outbox());
        const auto stats = outbox.stats(ksync::unix_now());
        result.unsent_dropped = stats.unsent;
        result.entries_removed = stats.unsent + stats.accepted + stats.needs_attention;
        if (stats.unsent > 0 && !force) {
            error = std::to_string(stats.unsent) +
                    " submission(s) are not delivered yet: run `kioskctl sync --until-empty`, or "
                    "pass --force to destroy them";
            return std::nullopt;
        }
    }
    std::string load_error;
    auto config = load_config(paths.config_file, load_error).value_or(TerminalConfig{});
    TerminalConfig reset;
    reset.devices = config.devices;
    reset.idle_timeout_s = config.idle_timeout_s;
    reset.language = config.language;
    reset.offer_english = config.offer_english;
    if (!save_config(paths.config_file, reset, error)) return std::nullopt;
    // Sealed payloads are unreadable without the portal's key, but nothing of the terminal's
    // identity, its staff's accounts (names, PIN hashes) or its citizens' submissions should
    // outlive its service.
    for (const auto& file :
         {paths.token_file(), paths.terminal_key_file(), paths.outbox(), paths.outbox() + "-wal",
          paths.outbox() + "-shm", paths.downloaded_catalog(), StaffStore::file(paths)}) {
        std::error_code ec;
        if (const auto size = std::filesystem::file_size(file, ec); !ec && size > 0) {
            std::ofstream zero(file, std::ios::binary | std::ios::in | std::ios::out);
            const std::string zeros(4096, '\0');
            for (std::uintmax_t done = 0; done < size && zero; done += zeros.size())
                zero.write(zeros.data(), static_cast<std::streamsize>(
                                             std::min<std::uintmax_t>(zeros.size(), size - done)));
        }
        std::filesystem::remove(file, ec);
    }
    return result;
}

} // namespace kiosk
