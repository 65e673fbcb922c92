#include "kiosk/log_export.hpp"

#include "forms/submission.hpp"

#include <chrono>
#include <cstdio>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace kiosk {

namespace {

// "kiosk-log.txt" as "kiosk-log-2.txt" for n = 2.
std::string numbered(const std::string& name, int n) {
    if (n == 0) return name;
    const auto dot = name.rfind('.');
    const auto stem_end = dot == std::string::npos || dot == 0 ? name.size() : dot;
    return name.substr(0, stem_end) + "-" + std::to_string(n) + name.substr(stem_end);
}

class Fd {
public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }
    /// Closes now, reporting a failed close (the last write error on some file systems).
    bool close() {
        const int fd = fd_;
        fd_ = -1;
        return ::close(fd) == 0;
    }

private:
    int fd_;
};

} // namespace

std::optional<std::string> export_log(const std::string& folder, const std::string& name,
                                      std::string_view text, std::string& error) {
    if (folder.empty()) {
        error = "no folder given";
        return std::nullopt;
    }
    if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos) {
        error = "not a plain file name";
        return std::nullopt;
    }
    // The folder is the one the technician named; everything inside it is the stick's.
    Fd dir(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.get() < 0) {
        error = std::strerror(errno);
        return std::nullopt;
    }
    constexpr int kTries = 100;
    for (int n = 0; n < kTries; ++n) {
        const auto file = numbered(name, n);
        // O_EXCL fails on anything at the name, a dangling link included; O_NOFOLLOW says
        // the same again should O_EXCL ever be dropped.
        Fd out(::openat(dir.get(), file.c_str(),
                        O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644));
        if (out.get() < 0) {
            if (errno == EEXIST || errno == ELOOP) continue;
            error = std::strerror(errno);
            return std::nullopt;
        }
        std::string problem;
        std::size_t written = 0;
        while (written < text.size() && problem.empty()) {
            const auto w = ::write(out.get(), text.data() + written, text.size() - written);
            if (w > 0)
                written += static_cast<std::size_t>(w);
            else if (w == 0 || errno != EINTR)
                problem = w == 0 ? "nothing written" : std::strerror(errno);
        }
        if (problem.empty() && ::fsync(out.get()) != 0) problem = std::strerror(errno);
        if (!out.close() && problem.empty()) problem = std::strerror(errno);
        if (!problem.empty()) {
            error = problem;
            ::unlinkat(dir.get(), file.c_str(), 0);
            return std::nullopt;
        }
        ::fsync(dir.get()); // the new name too, before the stick is pulled out
        return folder + (folder.back() == '/' ? "" : "/") + file;
    }
    error = "too many files named like " + name;
    return std::nullopt;
}

std::string support_log_text(const TerminalConfig& config, const DiagReport& diagnostics,
                             const ksync::OutboxStats& queue) {
    const nlohmann::json report = {
        {"terminal_id", config.terminal_id},
        {"version", KIOSK_VERSION},
        {"exported_at", forms::format_utc(std::chrono::system_clock::now())},
        {"diagnostics", diagnostics.to_json()},
        {"queue",
         {{"unsent", queue.unsent},
          {"accepted", queue.accepted},
          {"needs_attention", queue.needs_attention},
          {"oldest_unsent_age_s", queue.oldest_unsent_age_s}}}};
    std::string text = report.dump(2) + "\n\n";
    if (FILE* journal = ::popen("journalctl -u commune-kiosk -n 2000 --no-pager -o short-iso "
                                "2>/dev/null",
                                "r")) {
        char buf[4096];
        std::size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, journal)) > 0)
            text.append(buf, n);
        ::pclose(journal);
    }
    return text;
}

} // namespace kiosk
