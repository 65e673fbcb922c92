#include "devices/printer.hpp"

#include <cerrno>
#include <fcntl.h>
#include <linux/lp.h>
#include <netdb.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

namespace devices {

namespace {

// Writes everything or fails; `timeout_ms` bounds each wait for the device to take more.
bool write_all(int fd, const std::string& data, int timeout_ms) {
    std::size_t done = 0;
    while (done < data.size()) {
        const auto n = ::write(fd, data.data() + done, data.size() - done);
        if (n > 0) {
            done += static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
            pollfd p{fd, POLLOUT, 0};
            if (::poll(&p, 1, timeout_ms) <= 0) return false;
            continue;
        }
        return false;
    }
    return true;
}

// DLE EOT 4 asks for the paper roll sensor; bits 5 and 6 set mean the paper has run out.
// A printer that does not answer within half a second is taken as ready (not every model
// answers); one that cannot be written to is offline.
PrinterStatus ask_paper_status(int fd, int timeout_ms) {
    if (!write_all(fd, std::string("\x10\x04\x04", 3), timeout_ms)) return PrinterStatus::offline;
    pollfd p{fd, POLLIN, 0};
    unsigned char answer = 0;
    if (::poll(&p, 1, 500) == 1 && ::read(fd, &answer, 1) == 1 && (answer & 0x60) == 0x60)
        return PrinterStatus::paper_out;
    return PrinterStatus::ready;
}

class TcpPrinter final : public ReceiptPrinter {
public:
    TcpPrinter(std::string host_port, int timeout_ms)
        : host_port_(std::move(host_port)), timeout_ms_(timeout_ms) {}

    PrinterStatus print(const std::string& job) override { return session(&job); }
    PrinterStatus status() override { return session(nullptr); }
    std::string name() const override { return "tcp " + host_port_; }

private:
    int connect_socket() const {
        const auto colon = host_port_.rfind(':');
        if (colon == std::string::npos) return -1;
        addrinfo hints{};
        hints.ai_socktype = SOCK_STREAM;
        addrinfo* found = nullptr;
        if (::getaddrinfo(host_port_.substr(0, colon).c_str(), host_port_.substr(colon + 1).c_str(),
                          &hints, &found) != 0)
            return -1;
        int fd = -1;
        for (auto* a = found; a && fd < 0; a = a->ai_next) {
            fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
            if (fd < 0) continue;
            if (::connect(fd, a->ai_addr, a->ai_addrlen) != 0 && errno != EINPROGRESS) {
                ::close(fd);
                fd = -1;
                continue;
            }
            pollfd p{fd, POLLOUT, 0};
            int err = 0;
            socklen_t len = sizeof err;
            if (::poll(&p, 1, timeout_ms_) != 1 ||
                ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0) {
                ::close(fd);
                fd = -1;
            }
        }
        ::freeaddrinfo(found);
        return fd;
    }

    // Connects, asks for the paper status, then sends `job` (if any) when there is paper.
    PrinterStatus session(const std::string* job) const {
        const int fd = connect_socket();
        if (fd < 0) return PrinterStatus::offline;
        PrinterStatus result = ask_paper_status(fd, timeout_ms_);
        if (result == PrinterStatus::ready && job && !write_all(fd, *job, timeout_ms_))
            result = PrinterStatus::offline;
        ::close(fd);
        return result;
    }

    std::string host_port_;
    int timeout_ms_;
};

class DevicePrinter final : public ReceiptPrinter {
public:
    explicit DevicePrinter(std::string path) : path_(std::move(path)) {}

    PrinterStatus print(const std::string& job) override {
        const int fd = open_node();
        if (fd < 0) return PrinterStatus::offline;
        PrinterStatus result = query(fd);
        if (result == PrinterStatus::ready && !write_all(fd, job, 5000))
            result = PrinterStatus::offline;
        ::close(fd);
        return result;
    }

    PrinterStatus status() override {
        const int fd = open_node();
        if (fd < 0) return PrinterStatus::offline;
        const auto result = query(fd);
        ::close(fd);
        return result;
    }

    std::string name() const override { return "device " + path_; }

private:
    // Read and write where the node allows it (a serial line answers status queries).
    int open_node() const {
        int fd = ::open(path_.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0) fd = ::open(path_.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_APPEND);
        return fd;
    }

    // A serial printer is asked over the line (at the speed the line is set to); the usblp
    // driver reports the printer's status lines; other nodes cannot be asked.
    static PrinterStatus query(int fd) {
        if (::isatty(fd)) {
            termios tty{};
            if (::tcgetattr(fd, &tty) == 0) {
                ::cfmakeraw(&tty); // bytes as they are: no echo, no line editing
                ::tcsetattr(fd, TCSANOW, &tty);
            }
            ::tcflush(fd, TCIFLUSH); // a stale answer must not be taken for this one
            return ask_paper_status(fd, 2000);
        }
        int lp_status = 0;
        if (::ioctl(fd, LPGETSTATUS, &lp_status) != 0) return PrinterStatus::ready;
        if (lp_status & LP_POUTPA) return PrinterStatus::paper_out;
        if (!(lp_status & LP_PSELECD) || !(lp_status & LP_PERRORP)) return PrinterStatus::offline;
        return PrinterStatus::ready;
    }

    std::string path_;
};

} // namespace

const char* printer_status_name(PrinterStatus status) {
    switch (status) {
    case PrinterStatus::ready:
        return "ready";
    case PrinterStatus::paper_out:
        return "paper_out";
    case PrinterStatus::offline:
        break;
    }
    return "offline";
}

std::unique_ptr<ReceiptPrinter> make_tcp_printer(const std::string& host_port, int timeout_ms) {
    return std::make_unique<TcpPrinter>(host_port, timeout_ms);
}

std::unique_ptr<ReceiptPrinter> make_device_printer(const std::string& path) {
    return std::make_unique<DevicePrinter>(path);
}

} // namespace devices
