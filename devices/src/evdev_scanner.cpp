#include "devices/evdev_scanner.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <linux/input.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <utility>

namespace devices {

namespace {

// US layout: key code → (unshifted, shifted) character.
struct KeyChars {
    std::uint16_t code;
    char plain;
    char shifted;
};
constexpr KeyChars kKeys[] = {
    {KEY_1, '1', '!'},          {KEY_2, '2', '@'},           {KEY_3, '3', '#'},
    {KEY_4, '4', '$'},          {KEY_5, '5', '%'},           {KEY_6, '6', '^'},
    {KEY_7, '7', '&'},          {KEY_8, '8', '*'},           {KEY_9, '9', '('},
    {KEY_0, '0', ')'},          {KEY_MINUS, '-', '_'},       {KEY_EQUAL, '=', '+'},
    {KEY_Q, 'q', 'Q'},          {KEY_W, 'w', 'W'},           {KEY_E, 'e', 'E'},
    {KEY_R, 'r', 'R'},          {KEY_T, 't', 'T'},           {KEY_Y, 'y', 'Y'},
    {KEY_U, 'u', 'U'},          {KEY_I, 'i', 'I'},           {KEY_O, 'o', 'O'},
    {KEY_P, 'p', 'P'},          {KEY_LEFTBRACE, '[', '{'},   {KEY_RIGHTBRACE, ']', '}'},
    {KEY_A, 'a', 'A'},          {KEY_S, 's', 'S'},           {KEY_D, 'd', 'D'},
    {KEY_F, 'f', 'F'},          {KEY_G, 'g', 'G'},           {KEY_H, 'h', 'H'},
    {KEY_J, 'j', 'J'},          {KEY_K, 'k', 'K'},           {KEY_L, 'l', 'L'},
    {KEY_SEMICOLON, ';', ':'},  {KEY_APOSTROPHE, '\'', '"'}, {KEY_GRAVE, '`', '~'},
    {KEY_BACKSLASH, '\\', '|'}, {KEY_Z, 'z', 'Z'},           {KEY_X, 'x', 'X'},
    {KEY_C, 'c', 'C'},          {KEY_V, 'v', 'V'},           {KEY_B, 'b', 'B'},
    {KEY_N, 'n', 'N'},          {KEY_M, 'm', 'M'},           {KEY_COMMA, ',', '<'},
    {KEY_DOT, '.', '>'},        {KEY_SLASH, '/', '?'},       {KEY_SPACE, ' ', ' '},
};
constexpr std::uint16_t kKeypadDigits[] = {KEY_KP0, KEY_KP1, KEY_KP2, KEY_KP3, KEY_KP4,
                                           KEY_KP5, KEY_KP6, KEY_KP7, KEY_KP8, KEY_KP9};

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return; // not a character
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

} // namespace

std::optional<std::string> KeyDecoder::feed(std::uint16_t code, std::int32_t value) {
    if (code == KEY_LEFTSHIFT || code == KEY_RIGHTSHIFT) {
        shift_ = value != 0;
        return std::nullopt;
    }
    if (code == KEY_LEFTALT || code == KEY_RIGHTALT) {
        const bool down = value != 0;
        if (alt_ && !down && alt_digits_) append_utf8(pending_, alt_code_);
        alt_ = down;
        alt_code_ = 0;
        alt_digits_ = false;
        return std::nullopt;
    }
    if (value != 1) return std::nullopt; // releases and auto-repeats carry no characters
    if (code == KEY_ENTER || code == KEY_KPENTER) {
        if (pending_.empty()) return std::nullopt;
        return std::exchange(pending_, {});
    }
    if (pending_.size() > 4096) pending_.clear(); // a stuck key, not a card
    for (std::uint32_t digit = 0; digit < 10; ++digit)
        if (code == kKeypadDigits[digit]) {
            if (alt_) {
                alt_code_ = std::min<std::uint32_t>(alt_code_ * 10 + digit, 0x110000);
                alt_digits_ = true;
            } else {
                pending_ += static_cast<char>('0' + digit);
            }
            return std::nullopt;
        }
    for (const auto& k : kKeys)
        if (k.code == code) {
            pending_ += shift_ ? k.shifted : k.plain;
            break;
        }
    return std::nullopt;
}

std::vector<std::pair<std::uint16_t, std::int32_t>> key_events_for(const std::string& text) {
    std::vector<std::pair<std::uint16_t, std::int32_t>> events;
    const auto tap = [&](std::uint16_t code) {
        events.emplace_back(code, 1);
        events.emplace_back(code, 0);
    };
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            ++i;
            for (const auto& k : kKeys)
                if (k.plain == static_cast<char>(c) || k.shifted == static_cast<char>(c)) {
                    const bool shift = k.plain != static_cast<char>(c);
                    if (shift) events.emplace_back(KEY_LEFTSHIFT, 1);
                    tap(k.code);
                    if (shift) events.emplace_back(KEY_LEFTSHIFT, 0);
                    break;
                }
            continue;
        }
        const int n = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
        std::uint32_t cp = c & (0xFF >> (n + 1));
        for (int k = 1; k < n && i + k < text.size(); ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
        i += n;
        events.emplace_back(KEY_LEFTALT, 1);
        for (char d : std::to_string(cp))
            tap(kKeypadDigits[d - '0']);
        events.emplace_back(KEY_LEFTALT, 0);
    }
    tap(KEY_ENTER);
    return events;
}

EvdevScanner::EvdevScanner(EvdevScannerOptions options, std::function<void()> on_payload)
    : StreamScanner(options.path, options.reconnect_every, options.repeat_window,
                    std::move(on_payload)) {
    start_reading();
}

int EvdevScanner::open_device() {
    const int fd = ::open(path().c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    // Exclusive: the scanner's keystrokes must not also type into the UI. A replay FIFO
    // cannot be grabbed, which is fine.
    if (fd >= 0) ::ioctl(fd, EVIOCGRAB, 1);
    return fd;
}

void EvdevScanner::release_device(int fd) {
    ::ioctl(fd, EVIOCGRAB, 0);
}

void EvdevScanner::reset_stream() {
    decoder_ = KeyDecoder{};
    partial_.clear();
}

std::vector<std::string> EvdevScanner::consume(std::string_view bytes) {
    std::vector<std::string> payloads;
    partial_.append(bytes);
    std::size_t used = 0;
    for (; used + sizeof(input_event) <= partial_.size(); used += sizeof(input_event)) {
        input_event ev{};
        std::memcpy(&ev, partial_.data() + used, sizeof ev);
        if (ev.type != EV_KEY) continue;
        if (auto payload = decoder_.feed(ev.code, ev.value))
            payloads.push_back(std::move(*payload));
    }
    partial_.erase(0, used);
    return payloads;
}

} // namespace devices
