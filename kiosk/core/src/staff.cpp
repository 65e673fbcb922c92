#include "kiosk/staff.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sodium.h>

namespace kiosk {

namespace {

using json = nlohmann::json;

json load(const std::string& path) {
    std::ifstream in(path);
    if (!in) return json::object();
    auto j = json::parse(in, nullptr, false);
    return j.is_object() ? j : json::object();
}

bool save(const std::string& path, const json& accounts, std::string& error) {
    return write_file_atomically(path, accounts.dump(2) + "\n", true, error);
}

StaffMember member_of(const std::string& id, const json& a) {
    return {id, a.value("name", id),
            a.value("role", "staff") == "technician" ? StaffRole::technician : StaffRole::staff};
}

} // namespace

const char* role_name(StaffRole role) {
    return role == StaffRole::technician ? "technician" : "staff";
}

std::string pin_problem(std::string_view pin) {
    if (pin.size() < 6 || pin.size() > 12) return "a PIN has 6 to 12 digits";
    if (!std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return "a PIN has digits only";
    if (std::all_of(pin.begin(), pin.end(), [&](char c) { return c == pin[0]; }))
        return "a PIN of one repeated digit is too easy to guess";
    bool up = true, down = true;
    for (std::size_t i = 1; i < pin.size(); ++i) {
        up &= pin[i] == pin[i - 1] + 1;
        down &= pin[i] == pin[i - 1] - 1;
    }
    if (up || down) return "a PIN of consecutive digits is too easy to guess";
    return "";
}

std::string StaffStore::file(const Paths& paths) {
    return paths.data_dir + "/staff.json";
}

StaffStore::StaffStore(const Paths& paths) : path_(file(paths)) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium cannot start");
}

std::string StaffStore::add(const StaffMember& member, std::string_view pin) {
    if (member.id.empty() || member.id.size() > 32 ||
        !std::all_of(member.id.begin(), member.id.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
                   c == '_';
        }))
        return "an id is 1 to 32 characters: a-z, 0-9, '.', '-' or '_'";
    if (const auto problem = pin_problem(pin); !problem.empty()) return problem;
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(hash, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        return "not enough memory to hash the PIN";
    auto accounts = load(path_);
    accounts[member.id] = {{"name", member.name.empty() ? member.id : member.name},
                           {"role", role_name(member.role)},
                           {"pin_hash", hash},
                           {"failures", 0},
                           {"locked_until", 0}};
    std::string error;
    return save(path_, accounts, error) ? "" : error;
}

bool StaffStore::remove(const std::string& id) {
    auto accounts = load(path_);
    if (accounts.erase(id) == 0) return false;
    std::string error;
    return save(path_, accounts, error);
}

std::vector<StaffMember> StaffStore::list() const {
    std::vector<StaffMember> members;
    const auto accounts = load(path_); // items() does not keep a temporary alive
    for (const auto& [id, a] : accounts.items())
        members.push_back(member_of(id, a));
    return members;
}

PinCheck StaffStore::check_pin(const std::string& id, std::string_view pin, std::int64_t now) {
    PinCheck check;
    auto accounts = load(path_);
    const auto it = accounts.find(id);
    if (it == accounts.end() || !it->is_object()) return check;
    json& a = *it;
    check.member = member_of(id, a);
    check.locked_until = a.value("locked_until", std::int64_t{0});
    if (check.locked_until > now) {
        check.result = PinCheck::Result::locked;
        return check;
    }
    const std::string hash = a.value("pin_hash", "");
    const bool right =
        !hash.empty() && crypto_pwhash_str_verify(hash.c_str(), pin.data(), pin.size()) == 0;
    int failures = a.value("failures", 0);
    if (right) {
        failures = 0;
        check.result = PinCheck::Result::ok;
        check.locked_until = 0;
    } else {
        ++failures;
        check.result = PinCheck::Result::wrong_pin;
        check.attempts_left = std::max(0, kFreeAttempts - failures);
        if (failures >= kFreeAttempts) {
            const int doublings = std::min(failures - kFreeAttempts, 8);
            check.locked_until =
                now + std::min<std::int64_t>(kFirstLockSeconds << doublings, 86400);
            check.result = PinCheck::Result::locked;
        }
    }
    a["failures"] = failures;
    a["locked_until"] = check.locked_until;
    // A counter that cannot be saved would let wrong PINs be tried without end (and a right
    // PIN leave earlier failures counted): the attempt does not count as a login.
    std::string error;
    if (!save(path_, accounts, error)) {
        check.result = PinCheck::Result::not_recorded;
        check.locked_until = 0;
        check.attempts_left = 0;
    }
    return check;
}

} // namespace kiosk
