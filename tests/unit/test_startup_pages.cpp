// The window releases the libraries' relocation tables once it has started: the pages
// must read back as they were, and the libraries keep working.
#include "startup_pages.hpp"

#include <catch2/catch.hpp>
#include <cstring>
#include <dlfcn.h>
#include <link.h>
#include <sqlite3.h>
#include <string>
#include <vector>

namespace {

// A copy of libsqlite3's relocation table, as this process sees it.
std::vector<unsigned char> sqlite_relocations() {
    std::vector<unsigned char> copy;
    dl_iterate_phdr(
        [](dl_phdr_info* info, std::size_t, void* data) {
            if (!std::strstr(info->dlpi_name, "libsqlite3")) return 0;
            for (int i = 0; i < info->dlpi_phnum; ++i) {
                if (info->dlpi_phdr[i].p_type != PT_DYNAMIC) continue;
                const auto* d = reinterpret_cast<const ElfW(Dyn)*>(info->dlpi_addr +
                                                                   info->dlpi_phdr[i].p_vaddr);
                std::uintptr_t table = 0;
                std::size_t size = 0;
                for (; d->d_tag != DT_NULL; ++d) {
                    if (d->d_tag == DT_RELA) table = d->d_un.d_ptr;
                    if (d->d_tag == DT_RELASZ) size = d->d_un.d_val;
                }
                if (table < info->dlpi_addr) table += info->dlpi_addr;
                const auto* bytes = reinterpret_cast<const unsigned char*>(table);
                static_cast<std::vector<unsigned char>*>(data)->assign(bytes, bytes + size);
            }
            return 1;
        },
        &copy);
    return copy;
}

} // namespace

TEST_CASE("released relocation tables read back unchanged and the libraries still work",
          "[startup_pages]") {
    const auto before = sqlite_relocations();
    REQUIRE(before.size() > 3 * 4096); // libsqlite3 has tens of kilobytes of them

    const std::size_t released = kiosk::ui::release_relocation_tables();
    CHECK(released >= before.size() - 2 * 4096);

    CHECK(sqlite_relocations() == before);
    // Code already bound and code bound lazily after the release both run.
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(":memory:", &db) == SQLITE_OK);
    char* error = nullptr;
    CHECK(sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES ('ổn');", nullptr, nullptr,
                       &error) == SQLITE_OK);
    sqlite3_free(error);
    CHECK(sqlite3_close(db) == SQLITE_OK);
    // A library loaded afterwards is relocated as usual.
    void* z = dlopen("libz.so.1", RTLD_NOW);
    REQUIRE(z != nullptr);
    CHECK(dlsym(z, "zlibVersion") != nullptr);
    dlclose(z);
    // A second call does no harm either.
    CHECK(kiosk::ui::release_relocation_tables() >= released);
    CHECK(sqlite_relocations() == before);
}
