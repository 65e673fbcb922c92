#include "kiosk/log_export.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

fs::path fresh_dir(const std::string& name) {
    const auto dir = fs::temp_directory_path() / (name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

std::string read_all(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), {});
}

} // namespace

TEST_CASE("the log export writes a new file into the folder", "[log_export]") {
    const auto stick = fresh_dir("log-export-stick");
    std::string error;
    const auto written = kiosk::export_log(stick.string(), "kiosk-log-T1-100.txt", "logs\n", error);
    INFO(error);
    REQUIRE(written);
    CHECK(*written == (stick / "kiosk-log-T1-100.txt").string());
    CHECK(read_all(*written) == "logs\n");
    fs::remove_all(stick);
}

TEST_CASE("the log export never follows a symlink planted on the stick", "[log_export]") {
    const auto stick = fresh_dir("log-export-stick");
    const auto elsewhere = fresh_dir("log-export-victim");
    const auto victim = elsewhere / "config.toml";
    std::ofstream(victim) << "precious\n";
    // The stick was prepared with links under the names the kiosk will use.
    fs::create_symlink(victim, stick / "kiosk-log-T1-100.txt");
    fs::create_symlink(elsewhere / "new-file", stick / "kiosk-log-T1-100-1.txt"); // dangling

    std::string error;
    const auto written =
        kiosk::export_log(stick.string(), "kiosk-log-T1-100.txt", "exported logs\n", error);
    INFO(error);
    REQUIRE(written);
    CHECK(*written == (stick / "kiosk-log-T1-100-2.txt").string());
    CHECK(read_all(*written) == "exported logs\n");
    CHECK_FALSE(fs::is_symlink(*written));
    // The files the links point at are untouched, and nothing was created through them.
    CHECK(read_all(victim) == "precious\n");
    CHECK_FALSE(fs::exists(elsewhere / "new-file"));
    CHECK(fs::is_symlink(stick / "kiosk-log-T1-100.txt"));
    CHECK(fs::read_symlink(stick / "kiosk-log-T1-100.txt") == victim);
    fs::remove_all(stick);
    fs::remove_all(elsewhere);
}

TEST_CASE("the log export never overwrites a file already there", "[log_export]") {
    const auto stick = fresh_dir("log-export-stick");
    std::ofstream(stick / "kiosk-log.txt") << "someone else's\n";
    std::string error;
    const auto first = kiosk::export_log(stick.string(), "kiosk-log.txt", "one\n", error);
    const auto second = kiosk::export_log(stick.string(), "kiosk-log.txt", "two\n", error);
    REQUIRE(first);
    REQUIRE(second);
    CHECK(*first == (stick / "kiosk-log-1.txt").string());
    CHECK(*second == (stick / "kiosk-log-2.txt").string());
    CHECK(read_all(stick / "kiosk-log.txt") == "someone else's\n");
    CHECK(read_all(*first) == "one\n");
    CHECK(read_all(*second) == "two\n");
    fs::remove_all(stick);
}

TEST_CASE("the log export reports a folder it cannot use", "[log_export]") {
    const auto stick = fresh_dir("log-export-stick");
    std::string error;
    CHECK_FALSE(kiosk::export_log((stick / "missing").string(), "log.txt", "x", error));
    CHECK_FALSE(error.empty());
    error.clear();
    CHECK_FALSE(kiosk::export_log("", "log.txt", "x", error));
    CHECK_FALSE(error.empty());
    // A name that would climb out of the folder is refused.
    CHECK_FALSE(kiosk::export_log(stick.string(), "../log.txt", "x", error));
    CHECK_FALSE(fs::exists(stick.parent_path() / "log.txt"));
    fs::remove_all(stick);
}
