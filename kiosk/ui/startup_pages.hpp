#pragma once
// Pages a process reads once, while it starts, and keeps resident for nothing afterwards.
#include <cstddef>

namespace kiosk::ui {

/// Tells the kernel that the dynamic relocation tables of every loaded library and of the
/// program are no longer needed, and returns how many bytes that covered. The dynamic
/// linker reads each table once while loading; afterwards only its pages stay resident
/// (Mesa's libLLVM alone carries 9 MB of them). Only whole pages inside a read-only segment
/// of a library without text relocations are released: they are clean pages of the file,
/// read back from it should anything touch them again. Call it once start-up is over (the
/// window and its GL driver loaded).
std::size_t release_relocation_tables();

} // namespace kiosk::ui
