#include "store_copy.hpp"

#include "portal_store.hpp"
#include "store_sql.hpp"
#include "sync/crypto.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdexcept>
#include <unistd.h>

namespace portal {

namespace {

// Every table of the schema, with the key a repeated copy meets (so it skips the row).
struct TableSpec {
    const char* name;
    const char* key;
    bool rowid = false; ///< SQLite's implicit rowid is copied too (PostgreSQL's "rowid" column)
};
constexpr TableSpec kTables[] = {
    {"meta", "key"},
    {"enroll_codes_v2", "code_hash"},
    {"terminals", "id"},
    {"terminal_keys", "terminal_id"},
    {"claims", "submission_id"},
    {"submissions", "id", true},
    {"attachments", "submission_id, sha256"},
    {"receipt_sequence", "day"},
    {"catalogs", "seq"},
    {"status_changes", "rowid", true},
    {"officers", "id"},
    {"office_sessions", "token_hash"},
    {"audit", "seq"},
    {"forward_queue", "seq"},
    {"receiving_units", "commune_code"},
    {"dossier_blocks", "terminal_id"},
    {"fee_payments", "receipt_no, reference"},
    {"ratings", "id"},
};

// Numbering columns whose PostgreSQL sequence must continue after the copied numbers.
constexpr std::pair<const char*, const char*> kNumbered[] = {
    {"submissions", "rowid"}, {"status_changes", "rowid"}, {"catalogs", "seq"},
    {"audit", "seq"},         {"forward_queue", "seq"},
};

bool is_bytes(const std::string& table, const std::string& column) {
    return table == "attachments" && column == "data";
}

std::vector<std::string> columns_of(sql::Connection& source, const TableSpec& table) {
    std::vector<std::string> columns;
    if (table.rowid) columns.emplace_back("rowid");
    sql::Query q(source, std::string("SELECT name FROM pragma_table_info('") + table.name +
                             "') ORDER BY cid");
    while (q.step())
        columns.push_back(q.text(0));
    return columns;
}

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names)
        out += (out.empty() ? "" : ", ") + n;
    return out;
}

// A hash over a table's rows that does not depend on their order (engines sort text
// differently): each row's SHA-256, sorted, hashed again.
std::string content_hash(sql::Connection& db, const TableSpec& table,
                         const std::vector<std::string>& columns) {
    std::vector<std::string> rows;
    sql::Query q(db, "SELECT " + joined(columns) + " FROM " + table.name);
    while (q.step()) {
        std::string row;
        for (std::size_t i = 0; i < columns.size(); ++i) {
            const int c = static_cast<int>(i);
            if (q.is_null(c)) {
                row += "\x1e";
            } else if (is_bytes(table.name, columns[i])) {
                const auto bytes = q.blob(c);
                row += ksync::sha256_hex(std::string(bytes.begin(), bytes.end()));
            } else {
                row += q.text(c);
            }
            row += "\x1f";
        }
        rows.push_back(ksync::sha256_hex(row));
    }
    std::sort(rows.begin(), rows.end());
    std::string all;
    for (const auto& r : rows)
        all += r;
    return ksync::sha256_hex(all);
}

std::int64_t count(sql::Connection& db, const char* table) {
    return sql::Query(db, std::string("SELECT COUNT(*) FROM ") + table).row().integer(0);
}

std::string meta_value(sql::Connection& db, const char* key) {
    sql::Query q(db, "SELECT value FROM meta WHERE key=?1");
    q.bind(1, std::string_view(key));
    return q.step() ? q.text(0) : std::string();
}

} // namespace

std::vector<TableCopy> copy_database(const std::string& from, const std::string& to) {
    if (sql::is_postgresql_uri(from))
        throw std::runtime_error("--from must be a SQLite file (the pilot's database)");
    if (!sql::is_postgresql_uri(to))
        throw std::runtime_error("--to must be a PostgreSQL URI (copy a SQLite file with "
                                 "kiosk-portal backup)");
    if (::access(from.c_str(), R_OK) != 0)
        throw std::runtime_error("cannot read " + from + ": " + std::strerror(errno));
    std::string agency;
    {
        // Brings the source to this version's schema, as the next serve would.
        PortalStore source_store(from, "KP");
        agency = source_store.agency_code();
    }
    // The target's schema, made by the store itself; its fresh keys are replaced below.
    { PortalStore target_store(to, agency); }
    sql::Connection source(from);
    sql::Connection target(to);
    const bool same_portal = meta_value(source, "box_public") == meta_value(target, "box_public");
    if (!same_portal && (count(target, "terminals") > 0 || count(target, "submissions") > 0))
        throw std::runtime_error("the target already holds another portal's terminals or "
                                 "submissions; copy into an empty database");

    std::vector<TableCopy> report;
    std::vector<std::vector<std::string>> columns;
    sql::Transaction transaction(target);
    for (const auto& table : kTables) {
        columns.push_back(columns_of(source, table));
        const auto& names = columns.back();
        std::string placeholders;
        for (std::size_t i = 1; i <= names.size(); ++i)
            placeholders += (i > 1 ? ", ?" : "?") + std::to_string(i);
        // The keys are the source's: terminals seal to them and check signatures with them.
        const std::string on_conflict =
            std::string(table.name) == "meta" ? "DO UPDATE SET value=excluded.value" : "DO NOTHING";
        sql::Query insert(target, std::string("INSERT INTO ") + table.name + "(" + joined(names) +
                                      ") VALUES(" + placeholders + ") ON CONFLICT(" + table.key +
                                      ") " + on_conflict);
        TableCopy copy;
        copy.table = table.name;
        sql::Query rows(source, "SELECT " + joined(names) + " FROM " + table.name);
        while (rows.step()) {
            ++copy.source_rows;
            for (std::size_t i = 0; i < names.size(); ++i) {
                const int c = static_cast<int>(i);
                const int p = c + 1;
                if (rows.is_null(c)) {
                    insert.bind_null(p);
                } else if (is_bytes(table.name, names[i])) {
                    const auto bytes = rows.blob(c);
                    insert.bind_blob(p,
                                     std::string_view(reinterpret_cast<const char*>(bytes.data()),
                                                      bytes.size()));
                } else {
                    insert.bind(p, rows.text(c));
                }
            }
            copy.copied += insert.run();
        }
        report.push_back(copy);
    }
    if (target.engine() == sql::Engine::postgresql)
        for (const auto& [table, column] : kNumbered)
            target.exec(std::string("SELECT setval(pg_get_serial_sequence('") + table + "', '" +
                        column + "'), GREATEST(COALESCE(MAX(" + column +
                        "), 0), 1), COALESCE(MAX(" + column + "), 0) > 0) FROM " + table);
    transaction.commit();

    for (std::size_t t = 0; t < report.size(); ++t) {
        auto& copy = report[t];
        copy.target_rows = count(target, kTables[t].name);
        copy.same_content = content_hash(source, kTables[t], columns[t]) ==
                            content_hash(target, kTables[t], columns[t]);
    }
    return report;
}

void backup_database(const std::string& from, const std::string& to) {
    if (sql::is_postgresql_uri(from))
        throw std::runtime_error("a PostgreSQL database is backed up with pg_dump (README)");
    // Created here, owner-only, and never over an existing file.
    const int fd = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) throw std::runtime_error("cannot create " + to + ": " + std::strerror(errno));
    ::close(fd);
    sqlite3* source = nullptr;
    sqlite3* target = nullptr;
    const auto fail = [&](const std::string& what) {
        const std::string why = target ? sqlite3_errmsg(target) : "out of memory";
        sqlite3_close(source);
        sqlite3_close(target);
        ::unlink(to.c_str());
        throw std::runtime_error(what + ": " + why);
    };
    if (sqlite3_open_v2(from.c_str(), &source, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        const std::string why = source ? sqlite3_errmsg(source) : "out of memory";
        sqlite3_close(source);
        ::unlink(to.c_str());
        throw std::runtime_error("cannot open " + from + ": " + why);
    }
    sqlite3_busy_timeout(source, 10000);
    if (sqlite3_open_v2(to.c_str(), &target, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
        fail("cannot open " + to);
    sqlite3_backup* backup = sqlite3_backup_init(target, "main", source, "main");
    if (!backup) fail("cannot start the backup");
    // A few pages at a time: receivers writing meanwhile wait milliseconds, not the whole copy.
    int rc = SQLITE_OK;
    do {
        rc = sqlite3_backup_step(backup, 256);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE) fail("backup failed");
    sqlite3_close(source);
    sqlite3_close(target);
}

} // namespace portal
