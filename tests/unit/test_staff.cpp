#include "kiosk/provision.hpp"
#include "kiosk/staff.hpp"

#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sys/resource.h>
#include <sys/stat.h>

namespace fs = std::filesystem;
using kiosk::PinCheck;

namespace {

kiosk::Paths temp_paths() {
    kiosk::Paths paths;
    paths.data_dir =
        (fs::temp_directory_path() / ("staff-test-" + std::to_string(::getpid()))).string();
    fs::remove_all(paths.data_dir);
    fs::create_directories(paths.data_dir);
    return paths;
}

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), {});
}

// While one lives, no file of this process can grow: every write fails (EFBIG), even as
// root, where permissions would not stop it. Reading still works.
class NoFileGrowth {
public:
    NoFileGrowth() {
        ::getrlimit(RLIMIT_FSIZE, &saved_);
        previous_ = std::signal(SIGXFSZ, SIG_IGN);
        rlimit none = saved_;
        none.rlim_cur = 0;
        ::setrlimit(RLIMIT_FSIZE, &none);
    }
    ~NoFileGrowth() {
        ::setrlimit(RLIMIT_FSIZE, &saved_);
        std::signal(SIGXFSZ, previous_);
    }
    NoFileGrowth(const NoFileGrowth&) = delete;
    NoFileGrowth& operator=(const NoFileGrowth&) = delete;

private:
    rlimit saved_{};
    void (*previous_)(int) = SIG_DFL;
};

} // namespace

TEST_CASE("PIN rules refuse short, non-digit and guessable PINs", "[staff]") {
    CHECK_FALSE(kiosk::pin_problem("12345").empty());
    CHECK_FALSE(kiosk::pin_problem("12a456").empty());
    CHECK_FALSE(kiosk::pin_problem("777777").empty());
    CHECK_FALSE(kiosk::pin_problem("123456").empty());
    CHECK_FALSE(kiosk::pin_problem("987654").empty());
    CHECK(kiosk::pin_problem("482916").empty());
}

TEST_CASE("staff PINs are stored as argon2id hashes and lock after repeated failures", "[staff]") {
    const auto paths = temp_paths();
    kiosk::StaffStore store(paths);
    REQUIRE(store.add({"lan.nt", "Nguyễn Thị Lan", kiosk::StaffRole::staff}, "482916").empty());
    CHECK_FALSE(store.add({"Bad Id", "", kiosk::StaffRole::staff}, "482916").empty());
    CHECK_FALSE(store.add({"minh", "", kiosk::StaffRole::staff}, "111111").empty());

    // The file holds a hash, never the PIN, and only its owner can read it.
    std::ifstream in(paths.data_dir + "/staff.json");
    const std::string file((std::istreambuf_iterator<char>(in)), {});
    CHECK(file.find("482916") == std::string::npos);
    CHECK(file.find("$argon2id$") != std::string::npos);
    struct stat st {};
    REQUIRE(::stat((paths.data_dir + "/staff.json").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);

    const std::int64_t t0 = 1'800'000'000;
    const auto ok = store.check_pin("lan.nt", "482916", t0);
    CHECK(ok.result == PinCheck::Result::ok);
    CHECK(ok.member.name == "Nguyễn Thị Lan");
    CHECK(store.check_pin("nobody", "482916", t0).result == PinCheck::Result::unknown_account);

    for (int i = 1; i < kiosk::StaffStore::kFreeAttempts; ++i) {
        const auto wrong = store.check_pin("lan.nt", "000001", t0);
        CHECK(wrong.result == PinCheck::Result::wrong_pin);
        CHECK(wrong.attempts_left == kiosk::StaffStore::kFreeAttempts - i);
    }
    const auto locking = store.check_pin("lan.nt", "000001", t0);
    CHECK(locking.result == PinCheck::Result::locked);
    CHECK(locking.locked_until == t0 + kiosk::StaffStore::kFirstLockSeconds);
    // While locked even the right PIN is refused, and the lock survives a new store object.
    CHECK(kiosk::StaffStore(paths).check_pin("lan.nt", "482916", t0 + 10).result ==
          PinCheck::Result::locked);
    // After the lock, one more wrong PIN locks for twice as long.
    const std::int64_t t1 = t0 + kiosk::StaffStore::kFirstLockSeconds + 1;
    const auto again = store.check_pin("lan.nt", "000001", t1);
    CHECK(again.result == PinCheck::Result::locked);
    CHECK(again.locked_until == t1 + 2 * kiosk::StaffStore::kFirstLockSeconds);
    // The right PIN after the lock resets the count.
    const std::int64_t t2 = again.locked_until + 1;
    CHECK(store.check_pin("lan.nt", "482916", t2).result == PinCheck::Result::ok);
    CHECK(store.check_pin("lan.nt", "000001", t2).attempts_left ==
          kiosk::StaffStore::kFreeAttempts - 1);

    CHECK(store.remove("lan.nt"));
    CHECK(store.list().empty());
    fs::remove_all(paths.data_dir);
}

TEST_CASE("a login whose attempt cannot be recorded is refused", "[staff]") {
    const auto paths = temp_paths();
    kiosk::StaffStore store(paths);
    REQUIRE(
        store.add({"lan.nt", "Nguyễn Thị Lan", kiosk::StaffRole::technician}, "482916").empty());
    const auto file = kiosk::StaffStore::file(paths);
    const auto before = read_all(file);
    const std::int64_t t0 = 1'800'000'000;
    {
        const NoFileGrowth read_only;
        // The right PIN: the reset of the counter cannot be saved, so no login.
        const auto right = store.check_pin("lan.nt", "482916", t0);
        CHECK(right.result == PinCheck::Result::not_recorded);
        // A wrong PIN that cannot be counted is not a free try either.
        const auto wrong = store.check_pin("lan.nt", "000001", t0);
        CHECK(wrong.result == PinCheck::Result::not_recorded);
        CHECK(wrong.attempts_left == 0);
    }
    CHECK(read_all(file) == before);
    // Once the disk takes writes again, the same account logs in.
    CHECK(store.check_pin("lan.nt", "482916", t0).result == PinCheck::Result::ok);

    // A data folder that cannot exist (under a regular file): nothing is written, no login.
    kiosk::Paths broken;
    broken.data_dir = file + "/data";
    kiosk::StaffStore nowhere(broken);
    CHECK_FALSE(nowhere.add({"minh", "Minh", kiosk::StaffRole::staff}, "482916").empty());
    CHECK(nowhere.check_pin("minh", "482916", t0).result != PinCheck::Result::ok);
    fs::remove_all(paths.data_dir);
}

TEST_CASE("decommissioning wipes the staff accounts with the keys", "[staff][provision]") {
    const auto paths_base = temp_paths();
    auto paths = paths_base;
    paths.config_file = paths.data_dir + "/kiosk.toml";
    kiosk::StaffStore store(paths);
    REQUIRE(store.add({"lan.nt", "Nguyễn Thị Lan", kiosk::StaffRole::staff}, "482916").empty());
    std::ofstream(paths.token_file()) << "token\n";
    const auto file = kiosk::StaffStore::file(paths);
    // A second name for the same file shows what was left on the disk: overwritten, not
    // only unlinked.
    const auto link = paths.data_dir + "/staff-link";
    fs::create_hard_link(file, link);
    const auto size = fs::file_size(link);
    REQUIRE(size > 0);

    std::string error;
    const auto done = kiosk::decommission(paths, false, error);
    INFO(error);
    REQUIRE(done);
    CHECK_FALSE(fs::exists(file));
    CHECK_FALSE(fs::exists(paths.token_file()));
    CHECK(read_all(link) == std::string(size, '\0'));
    CHECK(kiosk::StaffStore(paths).list().empty());
    fs::remove_all(paths.data_dir);
}
