#include "sync/sqlite.hpp"

#include <sqlite3.h>
#include <utility>

namespace ksync::sql {

bool Error::storage_full() const {
    return (extended_code_ & 0xFF) == SQLITE_FULL || extended_code_ == SQLITE_IOERR_WRITE ||
           extended_code_ == SQLITE_IOERR_FSYNC || extended_code_ == SQLITE_IOERR_SHMSIZE ||
           extended_code_ == SQLITE_IOERR_TRUNCATE;
}

// ---- Database ----

Database::Database(std::string name, ErrorHandler on_error)
    : name_(std::move(name)), on_error_(on_error) {}

Database::~Database() {
    // close_v2: a statement still alive (it should not be) keeps the connection as a zombie
    // instead of leaking it.
    sqlite3_close_v2(db_);
}

void Database::raise(const Error& error) const {
    if (on_error_) on_error_(error);
    throw error;
}

void Database::fail(std::string_view context) const {
    const std::string where = context.empty() ? name_ : std::string(context);
    raise(Error(where + ": " + sqlite3_errmsg(db_), sqlite3_extended_errcode(db_)));
}

void Database::fail(const std::string& message, int extended_code) const {
    raise(Error(message, extended_code));
}

void Database::open(const std::string& path, int flags, int busy_timeout_ms) {
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
        const std::string why = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
        const int code = db ? sqlite3_extended_errcode(db) : rc;
        sqlite3_close_v2(db);
        raise(Error("cannot open " + name_ + " " + path + ": " + why, code));
    }
    sqlite3_close_v2(db_);
    db_ = db;
    if (sqlite3_extended_result_codes(db_, 1) != SQLITE_OK) fail("");
    if (sqlite3_busy_timeout(db_, busy_timeout_ms) != SQLITE_OK) fail("");
}

void Database::exec(const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        const std::string why = message ? message : sqlite3_errmsg(db_);
        sqlite3_free(message);
        raise(Error(name_ + ": " + why, sqlite3_extended_errcode(db_)));
    }
}

int Database::changes() const {
    return sqlite3_changes(db_);
}

bool Database::in_transaction() const {
    return db_ && sqlite3_get_autocommit(db_) == 0;
}

// ---- Statement ----

Statement::Statement(Database& db, std::string_view sql, std::string context, Lifetime lifetime)
    : db_(&db), context_(std::move(context)) {
    const unsigned flags = lifetime == Lifetime::cached ? SQLITE_PREPARE_PERSISTENT : 0;
    if (sqlite3_prepare_v3(db.handle(), sql.data(), static_cast<int>(sql.size()), flags, &stmt_,
                           nullptr) != SQLITE_OK) {
        sqlite3_finalize(stmt_);
        stmt_ = nullptr;
        db.fail(context_);
    }
    if (!stmt_) db.fail((context_.empty() ? "statement" : context_) + ": no SQL", SQLITE_MISUSE);
}

Statement::~Statement() {
    sqlite3_finalize(stmt_);
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)),
      context_(std::move(other.context_)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        sqlite3_finalize(stmt_);
        db_ = other.db_;
        stmt_ = std::exchange(other.stmt_, nullptr);
        context_ = std::move(other.context_);
    }
    return *this;
}

void Statement::fail() {
    // Read the error before the reset, which may report it again or replace it.
    const Error error((context_.empty() ? db_->name_ : context_) + ": " +
                          sqlite3_errmsg(db_->handle()),
                      sqlite3_extended_errcode(db_->handle()));
    reset();
    db_->raise(error);
}

void Statement::check_bind(int rc) {
    if (rc != SQLITE_OK) fail();
}

Statement& Statement::bind(int index, std::string_view text) {
    check_bind(
        sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    check_bind(sqlite3_bind_int64(stmt_, index, value));
    return *this;
}

Statement& Statement::bind_blob(int index, const void* data, std::size_t size) {
    // As sqlite3_bind_blob: no data at all (an empty vector) binds NULL.
    check_bind(sqlite3_bind_blob64(stmt_, index, data, size, SQLITE_TRANSIENT));
    return *this;
}

Statement& Statement::bind_null(int index) {
    check_bind(sqlite3_bind_null(stmt_, index));
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) fail();
    reset();
    return false;
}

Statement& Statement::row() {
    if (!step()) db_->fail((context_.empty() ? db_->name_ : context_) + ": no row", SQLITE_ERROR);
    return *this;
}

int Statement::run() {
    while (step()) {
    }
    return db_->changes();
}

void Statement::reset() noexcept {
    // The result repeats the last step's, which was already checked.
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

std::string Statement::text(int column) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return text ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
                : std::string();
}

std::int64_t Statement::integer(int column) const {
    return sqlite3_column_int64(stmt_, column);
}

std::vector<std::uint8_t> Statement::blob(int column) const {
    if (sqlite3_column_type(stmt_, column) != SQLITE_BLOB) return {};
    const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, column));
    const auto size = static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column));
    return data ? std::vector<std::uint8_t>(data, data + size) : std::vector<std::uint8_t>();
}

bool Statement::is_null(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

// ---- Transaction ----

Transaction::Transaction(Database& db) : db_(db) {
    db_.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
    // Nothing to report from here: the exception that got us here is the one that matters.
    if (!done_ && db_.in_transaction())
        sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
    db_.exec("COMMIT");
    done_ = true;
}

} // namespace ksync::sql
