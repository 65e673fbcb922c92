// A network receipt printer for tests: listens on 127.0.0.1 (port 0 picks one, printed on
// the first line), answers the ESC/POS paper-status query DLE EOT 4, and appends every job's
// bytes to OUTPUT. A file named OUTPUT.paper-out makes it report an empty roll.
//   fake_printer OUTPUT
#include <arpa/inet.h>
#include <fstream>
#include <iostream>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: fake_printer OUTPUT\n";
        return 2;
    }
    const std::string output = argv[1];
    const int server = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (::bind(server, reinterpret_cast<sockaddr*>(&addr), len) != 0 || ::listen(server, 4) != 0 ||
        ::getsockname(server, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
        return 1;
    std::cout << "127.0.0.1:" << ntohs(addr.sin_port) << std::endl;
    for (;;) {
        const int client = ::accept(server, nullptr, nullptr);
        if (client < 0) continue;
        std::string job;
        char buffer[4096];
        ssize_t n;
        while ((n = ::read(client, buffer, sizeof buffer)) > 0) {
            job.append(buffer, static_cast<std::size_t>(n));
            // Answer each status query as it arrives, as a real printer does.
            for (std::size_t at = 0;
                 (at = job.find(std::string("\x10\x04\x04", 3), at)) != std::string::npos;
                 job.erase(at, 3)) {
                const bool empty = std::ifstream(output + ".paper-out").good();
                const unsigned char status = empty ? 0x72 : 0x12;
                if (::write(client, &status, 1) != 1) break;
            }
        }
        ::close(client);
        if (!job.empty()) std::ofstream(output, std::ios::binary | std::ios::app) << job;
    }
}
