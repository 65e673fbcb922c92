#include "kiosk/config.hpp"
#include "kiosk/files.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <grp.h>
#include <pwd.h>
#include <sstream>
#include <sys/stat.h>
#include <toml++/toml.h>
#include <type_traits>
#include <unistd.h>
#include <utility>
#include <variant>

#include "sync/crypto.hpp"
#include "sync/protocol.hpp"

namespace kiosk {

namespace fs = std::filesystem;

namespace {

using TextField = std::string* (*)(TerminalConfig&);
using TextListField = std::vector<std::string>* (*)(TerminalConfig&);
using IntField = int* (*)(TerminalConfig&);
using BoolField = bool* (*)(TerminalConfig&);
// A setting that is one of a few names in the file and an enum in TerminalConfig.
template <typename E> using ChoiceField = E* (*)(TerminalConfig&);

// The names of each choice in the file, as a list of {value, name}.
template <typename E> struct Choices;
template <> struct Choices<forms::Lang> {
    static constexpr std::pair<forms::Lang, const char*> list[] = {{forms::Lang::vi, "vi"},
                                                                   {forms::Lang::en, "en"}};
};
template <> struct Choices<ScannerKind> {
    static constexpr std::pair<ScannerKind, const char*> list[] = {
        {ScannerKind::none, "none"},
        {ScannerKind::serial, "serial"},
        {ScannerKind::evdev, "evdev"},
        {ScannerKind::camera, "camera"},
        {ScannerKind::simulated, "simulated"}};
};
template <> struct Choices<PrinterKind> {
    static constexpr std::pair<PrinterKind, const char*> list[] = {
        {PrinterKind::none, "none"}, {PrinterKind::device, "device"}, {PrinterKind::tcp, "tcp"}};
};

template <> struct Choices<SiteKind> {
    static constexpr std::pair<SiteKind, const char*> list[] = {
        {SiteKind::commune_office, "commune_office"}, {SiteKind::post_office, "post_office"}};
};

template <typename E> std::string name_of(E value) {
    for (const auto& [v, name] : Choices<E>::list)
        if (v == value) return name;
    return {};
}

template <typename E> std::optional<E> choice_named(std::string_view name) {
    for (const auto& [value, n] : Choices<E>::list)
        if (name == n) return value;
    return std::nullopt;
}

// The problem with a name that is not one of the choices.
template <typename E> std::string choice_problem() {
    std::string list;
    for (const auto& [value, name] : Choices<E>::list)
        list += std::string(list.empty() ? "" : ", ") + "\"" + name + "\"";
    return "must be one of " + list;
}

// True for the ChoiceField types (the other fields point at strings, ints and bools).
template <typename T> constexpr bool is_choice = false;
template <typename E> constexpr bool is_choice<ChoiceField<E>> = std::is_enum_v<E>;

// One setting: where it lives in the file, what it means, and which values are valid. The
// same table reads, checks and writes the file, so they cannot drift apart.
struct Setting {
    const char* section;
    const char* key;
    const char* comment;
    std::variant<TextField, TextListField, IntField, BoolField, ChoiceField<forms::Lang>,
                 ChoiceField<ScannerKind>, ChoiceField<PrinterKind>, ChoiceField<SiteKind>>
        field;
    std::string (*problem)(const TerminalConfig&) = nullptr; ///< "" when the value is fine
};

bool base64_key(const std::string& text) {
    const auto bytes = ksync::base64_decode(text);
    return bytes && bytes->size() == 32;
}

bool matches_charset(const std::string& s, std::size_t max, const char* extra, bool upper_only) {
    if (s.size() > max) return false;
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        const bool ok = std::isdigit(u) || (std::isupper(u)) || (!upper_only && std::islower(u)) ||
                        std::strchr(extra, c) != nullptr;
        if (!ok || c == '\0') return false;
    }
    return true;
}

std::string one_of(const std::string& value, std::initializer_list<const char*> allowed) {
    std::string list;
    for (const char* a : allowed) {
        if (value == a) return {};
        list += std::string(list.empty() ? "" : ", ") + "\"" + a + "\"";
    }
    return "must be one of " + list;
}

std::string trimmed(std::string_view s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    return std::string(s.substr(first, s.find_last_not_of(" \t") - first + 1));
}

// Reads a "CODE:Name" entry of [counter] lines into `line`; the problem with it, or "".
std::string service_line_problem(const std::string& entry, ServiceLine& line) {
    const auto colon = entry.find(':');
    if (colon == std::string::npos)
        return "entry \"" + entry + "\" must look like \"CODE:Name\", e.g. \"HT:Hộ tịch\"";
    line.code = trimmed(std::string_view(entry).substr(0, colon));
    line.name = trimmed(std::string_view(entry).substr(colon + 1));
    if (line.code.empty() || !matches_charset(line.code, 6, "", true))
        return "code \"" + line.code + "\" of \"" + entry +
               "\" must be 1 to 6 capital letters or digits";
    if (line.name.empty()) return "entry \"" + entry + "\" has no name after the colon";
    if (line.name.size() > 60) return "name of line " + line.code + " is longer than 60 bytes";
    if (std::any_of(line.name.begin(), line.name.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20; }))
        return "name of line " + line.code + " has a control character";
    return "";
}

const std::vector<Setting>& settings() {
    static const std::vector<Setting> table = {
        {"terminal", "id",
         "Identifier registered with the provincial portal (set by provisioning).",
         +[](TerminalConfig& c) { return &c.terminal_id; },
         +[](const TerminalConfig& c) -> std::string {
             return c.terminal_id.empty() || ksync::valid_terminal_id(c.terminal_id)
                        ? ""
                        : "must be 1 to 64 letters, digits, '.', '-' or '_', starting with a "
                          "letter or digit";
         }},
        {"terminal", "commune_code",
         "GSO code of the commune or ward this terminal serves (5 digits).",
         +[](TerminalConfig& c) { return &c.commune_code; },
         +[](const TerminalConfig& c) -> std::string {
             const bool ok = c.commune_code.empty() || ksync::valid_commune_code(c.commune_code);
             return ok ? "" : "must be 5 digits, e.g. \"00004\"";
         }},
        {"terminal", "site",
         "Where the terminal stands: \"commune_office\" or \"post_office\". Dossiers taken at a\n"
         "post office are reported to the national system as received by post (KenhThucHien 3).",
         +[](TerminalConfig& c) { return &c.site; }},
        {"terminal", "language", "Language shown first: \"vi\" or \"en\".",
         +[](TerminalConfig& c) { return &c.language; }},
        {"terminal", "offer_english", "Show the Tiếng Việt / English switch.",
         +[](TerminalConfig& c) { return &c.offer_english; }},
        {"portal", "url",
         "Base URL of the provincial portal, e.g. \"https://dvc.example.gov.vn:8443\".",
         +[](TerminalConfig& c) { return &c.portal_url; },
         +[](const TerminalConfig& c) -> std::string {
             return c.portal_url.empty()
                        ? ""
                        : ksync::portal_url_problem(c.portal_url, c.allow_insecure_http);
         }},
        {"portal", "urls",
         "Every receiver of the portal, in the order they are tried: when the one in use\n"
         "does not answer or answers 5xx the terminal sends to the next, and tries the first\n"
         "again after 5 minutes. Empty: `url` alone. `url`, when set, is tried first.",
         +[](TerminalConfig& c) { return &c.portal_urls; },
         +[](const TerminalConfig& c) -> std::string {
             for (const auto& url : c.portal_urls)
                 if (const auto problem = ksync::portal_url_problem(url, c.allow_insecure_http);
                     !problem.empty())
                     return "\"" + url + "\" " + problem;
             return "";
         }},
        {"portal", "allow_insecure_http",
         "Allow plain http:// to a portal that is not on this machine. Only for a closed\n"
         "test network: submissions stay sealed, but the token travels in clear and\n"
         "`kioskctl diag` reports a failure while this is on.",
         +[](TerminalConfig& c) { return &c.allow_insecure_http; }},
        {"portal", "box_key", "Public key submissions are sealed to (base64, from enrollment).",
         +[](TerminalConfig& c) { return &c.portal_box_key; },
         +[](const TerminalConfig& c) -> std::string {
             return c.portal_box_key.empty() || base64_key(c.portal_box_key)
                        ? ""
                        : "must be a base64 32-byte key (run kioskctl provision)";
         }},
        {"portal", "catalog_signing_key",
         "Public key that signs catalog bundles (base64 ed25519, from enrollment).",
         +[](TerminalConfig& c) { return &c.catalog_signing_key; },
         +[](const TerminalConfig& c) -> std::string {
             return c.catalog_signing_key.empty() || base64_key(c.catalog_signing_key)
                        ? ""
                        : "must be a base64 32-byte key (run kioskctl provision)";
         }},
        {"portal", "pinned_key",
         "Optional pin of the portal's TLS key, \"sha256//<base64>\" (empty: no pinning).",
         +[](TerminalConfig& c) { return &c.pinned_key; },
         +[](const TerminalConfig& c) -> std::string {
             const bool ok = c.pinned_key.empty() || (c.pinned_key.rfind("sha256//", 0) == 0 &&
                                                      base64_key(c.pinned_key.substr(8)));
             return ok ? "" : "must look like sha256//<base64 of 32 bytes>";
         }},
        {"portal", "pinned_keys",
         "Optional pins for `urls`, one per receiver in the same order (empty: `pinned_key`\n"
         "for every receiver).",
         +[](TerminalConfig& c) { return &c.portal_pinned_keys; },
         +[](const TerminalConfig& c) -> std::string {
             if (!c.portal_pinned_keys.empty() &&
                 c.portal_pinned_keys.size() != c.portal_urls.size())
                 return "must have one pin per entry of portal.urls (" +
                        std::to_string(c.portal_urls.size()) + " urls, " +
                        std::to_string(c.portal_pinned_keys.size()) + " pins)";
             for (const auto& pin : c.portal_pinned_keys)
                 if (pin.rfind("sha256//", 0) != 0 || !base64_key(pin.substr(8)))
                     return "must look like sha256//<base64 of 32 bytes> each";
             return "";
         }},
        {"portal", "agency_code", "Agency code printed in receipt numbers (from enrollment).",
         +[](TerminalConfig& c) { return &c.agency_code; },
         +[](const TerminalConfig& c) -> std::string {
             return matches_charset(c.agency_code, 10, "", true)
                        ? ""
                        : "must be capital letters and digits";
         }},
        {"portal", "dossier_unit",
         "Receiving unit code of this terminal's dossier numbers, e.g. \"000.00.12.H26\"\n"
         "(from enrollment; empty: the portal numbers the dossiers).",
         +[](TerminalConfig& c) { return &c.dossier_unit; },
         +[](const TerminalConfig& c) -> std::string {
             if (!matches_charset(c.dossier_unit, 32, ".", true))
                 return "must be at most 32 capital letters, digits and dots";
             return c.dossier_unit.empty() == (c.dossier_digit == 0)
                        ? ""
                        : "and portal.dossier_digit are set together (run kioskctl provision)";
         }},
        {"portal", "dossier_digit",
         "First digit of this terminal's dossier numbers, 1 to 9 (from enrollment; 0: none).",
         +[](TerminalConfig& c) { return &c.dossier_digit; },
         +[](const TerminalConfig& c) -> std::string {
             return c.dossier_digit >= 0 && c.dossier_digit <= 9 ? "" : "must be 0 to 9";
         }},
        {"payment", "bank_bin",
         "Fees by bank transfer (VietQR): the bank's six-digit NAPAS BIN, e.g. \"970415\"\n"
         "(empty: fees are paid in cash at the counter only).",
         +[](TerminalConfig& c) { return &c.payment.bank_bin; },
         +[](const TerminalConfig& c) -> std::string {
             const auto& p = c.payment;
             if (p.bank_bin.empty() && p.account_no.empty() && p.account_name.empty()) return "";
             return bank_account_problem(p);
         }},
        {"payment", "account_no", "The account fees are paid into (digits or capital letters).",
         +[](TerminalConfig& c) { return &c.payment.account_no; }},
        {"payment", "account_name",
         "The account holder as the receipt shows it, e.g. \"UBND XA AN "
         "BINH\".",
         +[](TerminalConfig& c) { return &c.payment.account_name; }},
        {"delivery", "post_charge_vnd",
         "What sending a result by post (Bưu chính công ích) costs, in đồng, paid on delivery:\n"
         "shown when the citizen chooses post (0: not shown).",
         +[](TerminalConfig& c) { return &c.post_charge_vnd; },
         +[](const TerminalConfig& c) -> std::string {
             return c.post_charge_vnd >= 0 && c.post_charge_vnd <= 1000000 ? ""
                                                                           : "must be 0 to 1000000";
         }},
        {"session", "idle_timeout_s",
         "Seconds without a touch before the session is wiped (a warning comes 30 s earlier,\n"
         "or halfway when the timeout is shorter).",
         +[](TerminalConfig& c) { return &c.idle_timeout_s; },
         +[](const TerminalConfig& c) -> std::string {
             return c.idle_timeout_s >= 5 && c.idle_timeout_s <= 3600 ? "" : "must be 5 to 3600";
         }},
        {"devices", "scanner",
         "ID card scanner: \"serial\" (USB CDC-ACM), \"evdev\" (USB HID keyboard wedge),\n"
         "\"camera\", \"simulated\" (demo) or \"none\".",
         +[](TerminalConfig& c) { return &c.devices.scanner; }},
        {"devices", "scanner_path",
         "Scanner device: e.g. \"/dev/kiosk-scanner\" (the udev rule's link), \"/dev/ttyACM0\",\n"
         "or \"/dev/input/by-id/...-event-kbd\" for evdev.",
         +[](TerminalConfig& c) { return &c.devices.scanner_path; },
         +[](const TerminalConfig& c) -> std::string {
             const auto& d = c.devices;
             const bool needs_path =
                 d.scanner == ScannerKind::serial || d.scanner == ScannerKind::evdev;
             return needs_path && d.scanner_path.empty()
                        ? "is needed for a " + name_of(d.scanner) + " scanner"
                        : "";
         }},
        {"devices", "scanner_baud", "Serial scanner speed.",
         +[](TerminalConfig& c) { return &c.devices.scanner_baud; },
         +[](const TerminalConfig& c) -> std::string {
             for (int b : {1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200})
                 if (c.devices.scanner_baud == b) return "";
             return "must be a standard speed (1200 ... 115200)";
         }},
        {"devices", "scanner_terminator",
         "What ends one scan on a serial scanner: \"cr\", \"lf\" or \"crlf\".",
         +[](TerminalConfig& c) { return &c.devices.scanner_terminator; },
         +[](const TerminalConfig& c) {
             return one_of(c.devices.scanner_terminator, {"cr", "lf", "crlf"});
         }},
        {"devices", "camera_path",
         "Camera for QR scanning and document photos, e.g. \"/dev/video0\" (empty: none).",
         +[](TerminalConfig& c) { return &c.devices.camera_path; },
         +[](const TerminalConfig& c) -> std::string {
             return c.devices.scanner == ScannerKind::camera && c.devices.camera_path.empty()
                        ? "is needed for a camera scanner"
                        : "";
         }},
        {"devices", "printer",
         "Receipt printer: \"device\" (USB/serial node), \"tcp\" (network, port 9100) or \"none\".",
         +[](TerminalConfig& c) { return &c.devices.printer; }},
        {"devices", "printer_path", "Printer device (\"/dev/usb/lp0\") or HOST:PORT for tcp.",
         +[](TerminalConfig& c) { return &c.devices.printer_path; },
         +[](const TerminalConfig& c) -> std::string {
             const auto& d = c.devices;
             if (d.printer != PrinterKind::none && d.printer_path.empty())
                 return "is needed for a printer";
             if (d.printer == PrinterKind::tcp && d.printer_path.find(':') == std::string::npos)
                 return "must be HOST:PORT for a tcp printer";
             return "";
         }},
        {"devices", "printer_width_dots",
         "Printable width: 576 dots for 80 mm paper, 384 for 58 mm.",
         +[](TerminalConfig& c) { return &c.devices.printer_width_dots; },
         +[](const TerminalConfig& c) -> std::string {
             return c.devices.printer_width_dots == 576 || c.devices.printer_width_dots == 384
                        ? ""
                        : "must be 576 or 384";
         }},
        {"devices", "printer_native_qr",
         "Send the receipt's QR code as the printer's own GS ( k command instead of as "
         "dots: sharper on printers that support it.",
         +[](TerminalConfig& c) { return &c.devices.printer_native_qr; }},
        {"devices", "read_aloud", "Offer Vietnamese read-aloud (espeak-ng).",
         +[](TerminalConfig& c) { return &c.devices.read_aloud; }},
        {"devices", "read_aloud_output",
         "Empty: speak through the sound card. A file path: append the audio there as raw "
         "16-bit mono samples instead, and the words said as text to the same path with\n"
         "\".txt\" added, one utterance a line (for tests: they hold what a citizen heard).",
         +[](TerminalConfig& c) { return &c.devices.read_aloud_output; }},
        {"counter", "lines",
         "Queue numbers for the counter (\"Lấy số thứ tự\" on the home screen): the service\n"
         "lines, each \"CODE:Name\" with a code of 1 to 6 capital letters or digits, e.g.\n"
         "[\"HT:Hộ tịch\", \"CT:Chứng thực\", \"BT:Bảo trợ xã hội\"]. Numbers start again\n"
         "from 1 each day (Vietnam time) on each line. Empty: no queue numbers.",
         +[](TerminalConfig& c) { return &c.counter.lines; },
         +[](const TerminalConfig& c) -> std::string {
             std::vector<std::string> codes;
             for (const auto& entry : c.counter.lines) {
                 ServiceLine line;
                 if (auto problem = service_line_problem(entry, line); !problem.empty())
                     return problem;
                 if (std::find(codes.begin(), codes.end(), line.code) != codes.end())
                     return "code \"" + line.code + "\" is used twice";
                 codes.push_back(line.code);
             }
             return "";
         }},
        {"counter", "counters",
         "How many counter desks staff call numbers to (\"Mời số 25 đến quầy 2\"), 1 to 50.",
         +[](TerminalConfig& c) { return &c.counter.counters; },
         +[](const TerminalConfig& c) -> std::string {
             return c.counter.counters >= 1 && c.counter.counters <= 50 ? "" : "must be 1 to 50";
         }},
    };
    return table;
}

std::string line_prefix(const std::string& path, const toml::node* node) {
    return node ? path + ":" + std::to_string(node->source().begin.line) + ": " : path + ": ";
}

// Reads `table` into `config`; appends every problem found.
void read_settings(const std::string& path, const toml::table& table, TerminalConfig& config,
                   std::vector<std::string>& problems) {
    for (const auto& [section_name, section] : table) {
        const auto* inner = section.as_table();
        if (!inner) {
            problems.push_back(line_prefix(path, &section) + "unknown setting " +
                               std::string(section_name.str()));
            continue;
        }
        for (const auto& [key, node] : *inner) {
            // Structured bindings cannot be captured in C++20 lambdas: copy the names.
            const std::string_view section_text = section_name.str(), key_text = key.str();
            const bool known =
                std::any_of(settings().begin(), settings().end(), [&](const auto& s) {
                    return section_text == s.section && key_text == s.key;
                });
            if (!known)
                problems.push_back(line_prefix(path, &node) + "unknown setting " +
                                   std::string(section_name.str()) + "." + std::string(key.str()));
        }
    }
    std::vector<const toml::node*> where(settings().size(), nullptr);
    // A name that is not one of a choice's: reported with the checks of the values below.
    std::vector<std::string> not_a_choice(settings().size());
    for (std::size_t i = 0; i < settings().size(); ++i) {
        const auto& s = settings()[i];
        const auto* node = table[s.section][s.key].node();
        where[i] = node;
        if (!node) continue;
        const auto name = std::string(s.section) + "." + s.key;
        std::visit(
            [&](auto field) {
                using Field = decltype(field);
                if constexpr (std::is_same_v<Field, TextField>) {
                    if (const auto* v = node->as_string())
                        *field(config) = v->get();
                    else
                        problems.push_back(line_prefix(path, node) + name + " must be a string");
                } else if constexpr (std::is_same_v<Field, TextListField>) {
                    const auto* list = node->as_array();
                    auto& out = *field(config);
                    out.clear();
                    if (list && list->size() <= 16)
                        for (const auto& item : *list)
                            if (const auto* v = item.as_string()) out.push_back(v->get());
                    if (!list || list->size() > 16 || out.size() != list->size())
                        problems.push_back(line_prefix(path, node) + name +
                                           " must be a list of at most 16 strings");
                } else if constexpr (is_choice<Field>) {
                    using Choice =
                        std::remove_pointer_t<std::invoke_result_t<Field, TerminalConfig&>>;
                    if (const auto* v = node->as_string()) {
                        if (const auto value = choice_named<Choice>(v->get()))
                            *field(config) = *value;
                        else
                            not_a_choice[i] = choice_problem<Choice>();
                    } else {
                        problems.push_back(line_prefix(path, node) + name + " must be a string");
                    }
                } else if constexpr (std::is_same_v<Field, IntField>) {
                    const auto* v = node->as_integer();
                    if (v && v->get() >= 0 && v->get() <= 1000000)
                        *field(config) = static_cast<int>(v->get());
                    else
                        problems.push_back(line_prefix(path, node) + name + " must be a number");
                } else {
                    if (const auto* v = node->as_boolean())
                        *field(config) = v->get();
                    else
                        problems.push_back(line_prefix(path, node) + name +
                                           " must be true or false");
                }
            },
            s.field);
    }
    // Values are checked once all are read: some depend on others (a serial scanner needs a path).
    for (std::size_t i = 0; i < settings().size(); ++i) {
        const auto& s = settings()[i];
        const auto problem = !not_a_choice[i].empty() ? not_a_choice[i]
                             : s.problem              ? s.problem(config)
                                                      : std::string();
        if (!problem.empty())
            problems.push_back(line_prefix(path, where[i]) + s.section + "." + s.key + " " +
                               problem);
    }
}

std::optional<toml::table> parse(std::string_view text, const std::string& path,
                                 std::vector<std::string>& problems) {
    try {
        return toml::parse(text, path);
    } catch (const toml::parse_error& e) {
        problems.push_back(path + ":" + std::to_string(e.source().begin.line) + ": " +
                           std::string(e.description()));
        return std::nullopt;
    }
}

} // namespace

std::vector<ServiceLine> service_lines(const CounterConfig& counter) {
    std::vector<ServiceLine> lines;
    for (const auto& entry : counter.lines) {
        ServiceLine line;
        // A code used twice keeps its first name (config check reports the second).
        if (service_line_problem(entry, line).empty() &&
            std::none_of(lines.begin(), lines.end(),
                         [&](const ServiceLine& l) { return l.code == line.code; }))
            lines.push_back(std::move(line));
    }
    return lines;
}

std::optional<ServiceLine> find_service_line(const CounterConfig& counter, std::string code) {
    std::transform(code.begin(), code.end(), code.begin(), [](char c) {
        return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    });
    for (auto& line : service_lines(counter))
        if (line.code == code) return std::move(line);
    return std::nullopt;
}

std::vector<std::string> check_config_text(std::string_view text, const std::string& name,
                                           TerminalConfig& config) {
    std::vector<std::string> problems;
    if (const auto table = parse(text, name, problems))
        read_settings(name, *table, config, problems);
    return problems;
}

std::vector<std::string> check_config(const std::string& path) {
    const auto text = read_file(path);
    if (!text) return {path + ": no such file or not readable"};
    TerminalConfig config;
    return check_config_text(*text, path, config);
}

std::optional<TerminalConfig> load_config(const std::string& path, std::string& error) {
    TerminalConfig config;
    if (!fs::exists(path)) return config;
    const auto text = read_file(path);
    if (!text) {
        error = path + ": not readable";
        return std::nullopt;
    }
    const auto problems = check_config_text(*text, path, config);
    if (problems.empty()) return config;
    error.clear();
    for (const auto& p : problems)
        error += (error.empty() ? "" : "\n") + p;
    return std::nullopt;
}

std::string config_text(const TerminalConfig& c) {
    std::ostringstream text;
    text << "# Commune kiosk terminal configuration (TOML). `kioskctl provision` fills in the\n"
         << "# [terminal] and [portal] values; check the file with `kioskctl config check`.\n";
    auto copy = c;
    const char* section = "";
    for (const auto& s : settings()) {
        if (std::strcmp(section, s.section) != 0) {
            section = s.section;
            text << "\n[" << section << "]\n";
        }
        std::istringstream comment(s.comment);
        for (std::string line; std::getline(comment, line);)
            text << "# " << line << "\n";
        text << s.key << " = ";
        std::visit(
            [&](auto field) {
                using Field = decltype(field);
                if constexpr (std::is_same_v<Field, TextField>) {
                    text << toml::value<std::string>(*field(copy));
                } else if constexpr (std::is_same_v<Field, TextListField>) {
                    toml::array list;
                    for (const auto& item : *field(copy))
                        list.push_back(item);
                    text << list;
                } else if constexpr (is_choice<Field>)
                    text << toml::value<std::string>(name_of(*field(copy)));
                else if constexpr (std::is_same_v<Field, IntField>)
                    text << *field(copy);
                else
                    text << (*field(copy) ? "true" : "false");
            },
            s.field);
        text << "\n";
    }
    return text.str();
}

bool save_config(const std::string& path, const TerminalConfig& c, std::string& error) {
    return write_file_atomically(path, config_text(c), false, error);
}

bool write_file_atomically(const std::string& path, std::string_view content, bool owner_only,
                           std::string& error) {
    // A fresh name, created exclusively and never through a link: a file or symlink someone
    // planted beside the target is neither followed nor truncated.
    std::string tmp;
    int fd = -1;
    for (int attempt = 0; attempt < 8 && fd < 0; ++attempt) {
        tmp = path + ".tmp." + ksync::random_code(8);
        fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                    owner_only ? 0600 : 0644);
        if (fd < 0 && errno != EEXIST) break;
    }
    if (fd < 0) {
        error = "cannot write " + tmp + ": " + std::strerror(errno);
        return false;
    }
    std::size_t written = 0;
    while (written < content.size()) {
        const auto n = ::write(fd, content.data() + written, content.size() - written);
        if (n <= 0) break;
        written += static_cast<std::size_t>(n);
    }
    // The new file must be on disk before it replaces the old one, or a power cut could
    // leave an empty file under the real name.
    const bool ok = written == content.size() && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) {
        error = "cannot write " + tmp + ": " + std::strerror(errno);
        ::unlink(tmp.c_str());
        return false;
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        error = "cannot replace " + path + ": " + std::strerror(errno);
        ::unlink(tmp.c_str());
        return false;
    }
    const auto dir = fs::path(path).parent_path();
    const int dir_fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd >= 0) {
        ::fsync(dir_fd);
        ::close(dir_fd);
    }
    return true;
}

Paths resolve_paths(const char* argv0, const std::string& config_opt,
                    const std::string& data_dir_opt, bool demo) {
    Paths p;
    std::error_code ec;
    auto exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec) exe = fs::absolute(argv0 ? argv0 : ".");
    p.share_dir = (exe.parent_path().parent_path() / "share" / "commune-kiosk").string();
    if (demo) {
        p.data_dir = data_dir_opt.empty() ? "kiosk-demo" : data_dir_opt;
        p.config_file = config_opt.empty() ? p.data_dir + "/kiosk.toml" : config_opt;
    } else {
        p.data_dir = data_dir_opt.empty() ? "/var/lib/commune-kiosk" : data_dir_opt;
        p.config_file = config_opt.empty() ? "/etc/commune-kiosk/kiosk.toml" : config_opt;
    }
    fs::create_directories(p.data_dir, ec);
    ::chmod(p.data_dir.c_str(), 0700);
    const auto config_dir = fs::path(p.config_file).parent_path();
    if (!config_dir.empty()) fs::create_directories(config_dir, ec);
    return p;
}

bool act_as_data_owner(const Paths& paths, std::string& error) {
    struct stat st {};
    if (::geteuid() != 0 || ::stat(paths.data_dir.c_str(), &st) != 0 || st.st_uid == 0) return true;
    const auto* user = ::getpwuid(st.st_uid);
    if ((user && ::initgroups(user->pw_name, st.st_gid) != 0) || ::setgid(st.st_gid) != 0 ||
        ::setuid(st.st_uid) != 0) {
        error = "cannot switch to the owner of " + paths.data_dir + ": " + std::strerror(errno);
        return false;
    }
    return true;
}

std::string read_token(const Paths& paths) {
    std::ifstream in(paths.token_file());
    std::string token;
    std::getline(in, token);
    return token;
}

bool write_token(const Paths& paths, const std::string& token, std::string& error) {
    return write_file_atomically(paths.token_file(), token + "\n", true, error);
}

} // namespace kiosk
