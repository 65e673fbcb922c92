#pragma once
// Moving a portal database: a SQLite pilot copied into PostgreSQL, and online backups of a
// SQLite file. Both keep the portal's keys, so terminals never notice.
#include <cstdint>
#include <string>
#include <vector>

namespace portal {

/// One table's rows on both sides after a copy.
struct TableCopy {
    std::string table;
    std::int64_t source_rows = 0;
    std::int64_t copied = 0; ///< new in the target (0 on a repeated run)
    std::int64_t target_rows = 0;
    bool same_content = false; ///< the same rows on both sides, by a hash over every row
};

/// Copies every row of the SQLite database `from` into the PostgreSQL database `to` (a URI),
/// creating its schema first. Rows already there are kept, so running it again
/// copies nothing new; the target's keys become the source's. Throws with a message when the
/// target already holds another portal's data.
std::vector<TableCopy> copy_database(const std::string& from, const std::string& to);

/// Writes a consistent copy of the SQLite database `from` to a new file `to` (mode 0600: the
/// copy holds the portal's secret keys) while receivers keep writing; throws on failure or
/// when `from` is a PostgreSQL URI (back that up with pg_dump).
void backup_database(const std::string& from, const std::string& to);

} // namespace portal
