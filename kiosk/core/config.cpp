#include "config.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <toml++/toml.h>
#include <unistd.h>

namespace kiosk {

namespace fs = std::filesystem;

std::optional<TerminalConfig> load_config(const std::string& path, std::string& error) {
    TerminalConfig config;
    if (!fs::exists(path)) return config;
    toml::table table;
    try {
        table = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        error = path + ":" + std::to_string(e.source().begin.line) + ": " +
                std::string(e.description());
        return std::nullopt;
    }
    // Report the line of a value with the wrong type instead of silently using a default.
    const auto read_string = [&](const char* section, const char* key, std::string& out) {
        const auto node = table[section][key];
        if (!node) return true;
        if (const auto* v = node.as_string()) {
            out = v->get();
            return true;
        }
        error = path + ":" + std::to_string(node.node()->source().begin.line) + ": " + section +
                "." + key + " must be a string";
        return false;
    };
    const auto read_int = [&](const char* section, const char* key, int& out) {
        const auto node = table[section][key];
        if (!node) return true;
        if (const auto* v = node.as_integer(); v && v->get() > 0 && v->get() < 100000) {
            out = static_cast<int>(v->get());
            return true;
        }
        error = path + ":" + std::to_string(node.node()->source().begin.line) + ": " + section +
                "." + key + " must be a positive integer";
        return false;
    };
    if (!read_string("terminal", "id", config.terminal_id) ||
        !read_string("terminal", "commune_code", config.commune_code) ||
        !read_string("terminal", "language", config.language) ||
        !read_string("portal", "url", config.portal_url) ||
        !read_string("portal", "box_key", config.portal_box_key) ||
        !read_string("portal", "catalog_signing_key", config.catalog_signing_key) ||
        !read_string("portal", "pinned_key", config.pinned_key) ||
        !read_string("portal", "agency_code", config.agency_code) ||
        !read_int("session", "idle_timeout_s", config.idle_timeout_s))
        return std::nullopt;
    if (config.language != "vi" && config.language != "en") {
        error = path + ": terminal.language must be \"vi\" or \"en\"";
        return std::nullopt;
    }
    return config;
}

bool save_config(const std::string& path, const TerminalConfig& c, std::string& error) {
    const auto quoted = [](const std::string& s) {
        std::ostringstream out;
        out << toml::value<std::string>(s);
        return out.str();
    };
    std::ostringstream text;
    text << "# Commune kiosk terminal configuration. Written by `kioskctl provision`.\n"
         << "# Check it with `kioskctl config check`.\n\n"
         << "[terminal]\n"
         << "# Identifier registered with the provincial portal.\n"
         << "id = " << quoted(c.terminal_id) << "\n"
         << "# GSO code of the commune or ward this terminal serves.\n"
         << "commune_code = " << quoted(c.commune_code) << "\n"
         << "# Language shown first: \"vi\" or \"en\".\n"
         << "language = " << quoted(c.language) << "\n\n"
         << "[portal]\n"
         << "url = " << quoted(c.portal_url) << "\n"
         << "# Public key submissions are sealed to (base64, from enrollment).\n"
         << "box_key = " << quoted(c.portal_box_key) << "\n"
         << "# Public key that signs catalog bundles (base64 ed25519, from enrollment).\n"
         << "catalog_signing_key = " << quoted(c.catalog_signing_key) << "\n"
         << "# Optional server key pin, \"sha256//<base64>\" (empty: no pinning).\n"
         << "pinned_key = " << quoted(c.pinned_key) << "\n"
         << "agency_code = " << quoted(c.agency_code) << "\n\n"
         << "[session]\n"
         << "# Seconds without a touch before the session is wiped (a warning comes 15 s "
            "earlier).\n"
         << "idle_timeout_s = " << c.idle_timeout_s << "\n";
    return write_file_atomically(path, text.str(), false, error);
}

bool write_file_atomically(const std::string& path, std::string_view content, bool owner_only,
                           std::string& error) {
    const std::string tmp = path + ".tmp";
    const int fd =
        ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, owner_only ? 0600 : 0644);
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
