#pragma once
// The terminal's configuration file (TOML) and where everything lives on disk.
#include <optional>
#include <string>
#include <string_view>

namespace kiosk {

/// Settings written by `kioskctl provision` and read at start-up. Keys never include
/// secrets: the terminal's bearer token lives in the data directory, mode 0600.
struct TerminalConfig {
    std::string terminal_id;
    std::string commune_code;
    std::string portal_url;
    std::string portal_box_key;      ///< base64 key submissions are sealed to
    std::string catalog_signing_key; ///< base64 ed25519 key for catalog bundles
    std::string pinned_key;          ///< "sha256//..." or empty
    std::string agency_code;
    int idle_timeout_s = 90;
    std::string language = "vi";

    /// True when provisioning has filled in what delivery needs.
    bool provisioned() const { return !portal_url.empty() && !portal_box_key.empty(); }
};

/// Reads a config file; on error returns nullopt and sets `error` to "file:line: message".
/// A missing file yields defaults (an unprovisioned terminal).
std::optional<TerminalConfig> load_config(const std::string& path, std::string& error);

/// Replaces `path` with `content` so that a crash leaves either the old or the new file:
/// temporary file, fsync, rename, fsync of the folder. `owner_only` makes it mode 0600.
bool write_file_atomically(const std::string& path, std::string_view content, bool owner_only,
                           std::string& error);

/// Writes the config atomically (temporary file + rename) with explanatory comments.
bool save_config(const std::string& path, const TerminalConfig& config, std::string& error);

/// Resolved locations for one run of kiosk or kioskctl.
struct Paths {
    std::string config_file;
    std::string data_dir;
    std::string share_dir; ///< catalog, assets: <exe>/../share/commune-kiosk

    std::string outbox() const { return data_dir + "/outbox.sqlite"; }
    std::string token_file() const { return data_dir + "/terminal.token"; }
    std::string catalog_dir() const { return share_dir + "/catalog"; }
    std::string units_file() const { return share_dir + "/units/units-2025.json"; }
    /// The newest signed catalog downloaded from the portal, as the portal sent it.
    std::string downloaded_catalog() const { return data_dir + "/catalog.signed.json"; }
};

/// Resolves paths from the global options. Defaults follow the FHS for an installed
/// terminal and a local "kiosk-demo" folder under --demo. Creates the data directory.
Paths resolve_paths(const char* argv0, const std::string& config_opt,
                    const std::string& data_dir_opt, bool demo);

/// Reads the bearer token, or an empty string before provisioning.
std::string read_token(const Paths& paths);

/// Stores the bearer token readable by the owner only.
bool write_token(const Paths& paths, const std::string& token, std::string& error);

} // namespace kiosk
