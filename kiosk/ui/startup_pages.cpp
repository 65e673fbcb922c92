#include "startup_pages.hpp"

#include <cstdint>
#include <initializer_list>
#include <link.h>
#include <sys/mman.h>
#include <unistd.h>

namespace kiosk::ui {

namespace {

struct Released {
    std::uintptr_t page = 0;
    std::size_t bytes = 0;
};

// Whether [start, end) lies inside one loaded segment that was never writable: such pages
// are the file's own bytes, so dropping them loses nothing.
bool in_read_only_segment(const dl_phdr_info& info, std::uintptr_t start, std::uintptr_t end) {
    for (int i = 0; i < info.dlpi_phnum; ++i) {
        const ElfW(Phdr)& ph = info.dlpi_phdr[i];
        if (ph.p_type != PT_LOAD || (ph.p_flags & PF_W) != 0) continue;
        const std::uintptr_t from = info.dlpi_addr + ph.p_vaddr;
        if (start >= from && end <= from + ph.p_filesz) return true;
    }
    return false;
}

int release_one(dl_phdr_info* info, std::size_t, void* data) {
    auto& released = *static_cast<Released*>(data);
    const ElfW(Dyn)* dynamic = nullptr;
    for (int i = 0; i < info->dlpi_phnum; ++i)
        if (info->dlpi_phdr[i].p_type == PT_DYNAMIC)
            dynamic = reinterpret_cast<const ElfW(Dyn)*>(info->dlpi_addr +
                                                         info->dlpi_phdr[i].p_vaddr);
    if (!dynamic) return 0;
    std::uintptr_t table = 0;
    std::size_t size = 0;
    for (const ElfW(Dyn)* d = dynamic; d->d_tag != DT_NULL; ++d) {
        if (d->d_tag == DT_TEXTREL) return 0; // its code was patched: leave it alone
        if (d->d_tag == DT_RELA) table = d->d_un.d_ptr;
        if (d->d_tag == DT_RELASZ) size = d->d_un.d_val;
    }
    if (table == 0 || size == 0) return 0;
    // glibc rewrites a library's DT_RELA to its loaded address on x86-64; other ports keep
    // the file's offset. Whichever form lies in the library's own segment is the table.
    for (const std::uintptr_t start : {table, table + info->dlpi_addr}) {
        if (!in_read_only_segment(*info, start, start + size)) continue;
        const std::uintptr_t first = (start + released.page - 1) & ~(released.page - 1);
        const std::uintptr_t last = (start + size) & ~(released.page - 1);
        if (last > first &&
            madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED) == 0)
            released.bytes += last - first;
        break;
    }
    return 0;
}

} // namespace

std::size_t release_relocation_tables() {
    Released released;
    released.page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
    dl_iterate_phdr(release_one, &released);
    return released.bytes;
}

} // namespace kiosk::ui
