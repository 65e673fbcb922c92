#pragma once
// The terminal's configuration file (TOML) and where everything lives on disk.
#include "forms/catalog.hpp"
#include "kiosk/vietqr.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk {

/// The ID card scanner; the config file names it "none", "serial", "evdev", "camera" or
/// "simulated".
enum class ScannerKind { none, serial, evdev, camera, simulated };

/// The receipt printer; the config file names it "none", "device" or "tcp".
enum class PrinterKind { none, device, tcp };

/// Where the terminal stands; the config file names it "commune_office" or "post_office".
enum class SiteKind { commune_office, post_office };

/// The devices this terminal drives (every setting is explained by `kioskctl config template`).
struct DeviceConfig {
    ScannerKind scanner = ScannerKind::none;
    std::string scanner_path; ///< /dev/ttyACM0 (serial), /dev/input/event3 (evdev)
    int scanner_baud = 9600;
    std::string scanner_terminator = "crlf"; ///< "cr", "lf" or "crlf" (serial scanners)
    std::string camera_path;                 ///< /dev/video0 for camera scanning and photos
    PrinterKind printer = PrinterKind::none;
    std::string printer_path;       ///< /dev/usb/lp0 (device) or HOST:9100 (tcp)
    int printer_width_dots = 576;   ///< 576 for 80 mm paper, 384 for 58 mm
    bool printer_native_qr = false; ///< QR codes as GS ( k, not raster
    bool read_aloud = true;         ///< offer Vietnamese read-aloud (espeak-ng)
    std::string read_aloud_output;  ///< empty: the sound card; a path: raw audio (tests)
};

/// One service line of the counter's queue numbers, from a "CODE:Name" entry of
/// `[counter] lines`: "HT:Hộ tịch" is the line HT, named "Hộ tịch" on the kiosk and tickets.
struct ServiceLine {
    std::string code; ///< 1 to 6 capital letters or digits, unique
    std::string name;
};

/// Queue numbers for the counter ("Lấy số thứ tự"). No lines: the feature is off.
struct CounterConfig {
    std::vector<std::string> lines; ///< "CODE:Name" entries, as in the file
    int counters = 1;               ///< counter desks numbers are called to (1..counters)
};

/// The lines of `counter` that are well formed, in the file's order (`kioskctl config check`
/// reports the others).
std::vector<ServiceLine> service_lines(const CounterConfig& counter);

/// The line with `code` (capital letters; a lower-case code is taken too), or nullopt.
std::optional<ServiceLine> find_service_line(const CounterConfig& counter, std::string code);

/// Settings written by `kioskctl provision` and read at start-up. Keys never include
/// secrets: the terminal's bearer token and secret key live in the data directory, mode 0600.
struct TerminalConfig {
    std::string terminal_id;
    std::string commune_code;
    SiteKind site = SiteKind::commune_office;
    std::string portal_url;
    std::string portal_box_key;      ///< base64 key submissions are sealed to
    std::string catalog_signing_key; ///< base64 ed25519 key for catalog bundles
    std::string pinned_key;          ///< "sha256//..." or empty
    /// Every receiver, in the order tried (failover); empty: portal_url alone.
    std::vector<std::string> portal_urls;
    std::vector<std::string> portal_pinned_keys; ///< one per portal_urls entry, or none
    bool allow_insecure_http = false; ///< plain http:// to a portal elsewhere (diag fails)
    std::string agency_code;
    /// The terminal's block of dossier numbers (from enrollment): the receiving unit's code
    /// and the first digit of the four; empty and 0 when the portal numbers its dossiers.
    std::string dossier_unit;
    int dossier_digit = 0;
    int idle_timeout_s = 90;
    forms::Lang language = forms::Lang::vi; ///< shown first ("vi" or "en" in the file)
    bool offer_english = true;              ///< show the language switch
    DeviceConfig devices;
    CounterConfig counter;
    /// Where fees can be paid by bank transfer (VietQR); empty: cash at the counter only.
    BankAccount payment;
    /// What sending a result by post costs (đồng), paid to the postman; 0: not shown.
    int post_charge_vnd = 0;

    /// True when provisioning has filled in what delivery needs.
    bool provisioned() const {
        return (!portal_url.empty() || !portal_urls.empty()) && !portal_box_key.empty();
    }
};

/// Every problem in config `text` read into `config`, each as "name:line: message".
std::vector<std::string> check_config_text(std::string_view text, const std::string& name,
                                           TerminalConfig& config);

/// Every problem in a config file, each as "file:line: message" (all of them, not the first).
std::vector<std::string> check_config(const std::string& path);

/// Reads a config file; on error returns nullopt and sets `error` to the problems found,
/// one "file:line: message" per line. A missing file yields defaults (an unprovisioned
/// terminal).
std::optional<TerminalConfig> load_config(const std::string& path, std::string& error);

/// The config file text for `config`, every setting with a comment saying what it does.
std::string config_text(const TerminalConfig& config);

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
    /// The counter's queue numbers (kiosk/counter.hpp).
    std::string tickets() const { return data_dir + "/tickets.sqlite"; }
    std::string token_file() const { return data_dir + "/terminal.token"; }
    /// The terminal's ed25519 secret key (base64), mode 0600.
    std::string terminal_key_file() const { return data_dir + "/terminal.key"; }
    std::string catalog_dir() const { return share_dir + "/catalog"; }
    std::string units_file() const { return share_dir + "/units/units-2025.json"; }
    /// The newest signed catalog downloaded from the portal, as the portal sent it.
    std::string downloaded_catalog() const { return data_dir + "/catalog.signed.json"; }
};

/// Resolves paths from the global options. Defaults follow the FHS for an installed
/// terminal and a local "kiosk-demo" folder under --demo. Creates the data directory.
Paths resolve_paths(const char* argv0, const std::string& config_opt,
                    const std::string& data_dir_opt, bool demo);

/// When run as root on an installed terminal, becomes the owner of the data directory (the
/// kiosk user) so that files created by `sudo kioskctl ...` stay usable by the kiosk.
/// Returns false with `error` when switching fails; does nothing otherwise.
bool act_as_data_owner(const Paths& paths, std::string& error);

/// Reads the bearer token, or an empty string before provisioning.
std::string read_token(const Paths& paths);

/// Stores the bearer token readable by the owner only.
bool write_token(const Paths& paths, const std::string& token, std::string& error);

} // namespace kiosk
