#pragma once
// Staff and technician accounts of one terminal: a PIN each, kept only as an argon2id hash
// (libsodium crypto_pwhash), with a lockout that grows after repeated wrong PINs.
// The accounts live in the data directory (staff.json, mode 0600).
#include "kiosk/config.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk {

enum class StaffRole { staff, technician };

/// "staff" or "technician".
const char* role_name(StaffRole role);

struct StaffMember {
    std::string id;   ///< short login name, recorded as assisted_by on submissions
    std::string name; ///< shown on the login list and the assisting banner
    StaffRole role = StaffRole::staff;
};

/// What a PIN check found. Only `ok` logs in.
struct PinCheck {
    enum class Result {
        ok,
        wrong_pin,
        locked,
        unknown_account,
        /// The attempt could not be written to the accounts file (full or read-only disk),
        /// so the lockout could not count it: the login is refused whatever the PIN.
        not_recorded
    } result = Result::unknown_account;
    StaffMember member;
    std::int64_t locked_until = 0; ///< unix seconds, when `locked` (or locked by this failure)
    int attempts_left = 0;         ///< before the next lockout, when `wrong_pin`
};

/// Why `pin` may not be used (6 to 12 digits, not all one digit, not a run such as
/// 123456), or empty when it is acceptable.
std::string pin_problem(std::string_view pin);

class StaffStore {
public:
    /// Wrong PINs allowed before the account locks for kFirstLockSeconds; each further wrong
    /// PIN doubles the lock, up to a day.
    static constexpr int kFreeAttempts = 5;
    static constexpr std::int64_t kFirstLockSeconds = 300;

    explicit StaffStore(const Paths& paths);

    /// Adds or replaces an account; returns an error message, or empty on success.
    std::string add(const StaffMember& member, std::string_view pin);
    /// Removes an account; false when there was none.
    bool remove(const std::string& id);
    /// Every account, by id (no hashes).
    std::vector<StaffMember> list() const;
    /// Checks a PIN (slow on purpose: argon2id), counting failures and locking the account.
    /// Every attempt is recorded before the answer is given; when that fails the result is
    /// `not_recorded`, never `ok`.
    PinCheck check_pin(const std::string& id, std::string_view pin, std::int64_t now);

    /// The accounts file, `<data_dir>/staff.json`.
    static std::string file(const Paths& paths);

private:
    std::string path_;
};

} // namespace kiosk
