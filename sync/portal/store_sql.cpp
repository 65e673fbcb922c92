#include "store_sql.hpp"

#include "sync/sqlite.hpp"

#include <cctype>
#include <sqlite3.h>

namespace portal::sql {

namespace {

// The store's SQLite errors, as the one error type both engines throw.
void throw_store_error(const ksync::sql::Error& error) {
    const int code = error.extended_code();
    throw Error(error.what(),
                code == SQLITE_CONSTRAINT_PRIMARYKEY || code == SQLITE_CONSTRAINT_UNIQUE);
}

class SqliteCursor final : public detail::Cursor {
public:
    SqliteCursor(ksync::sql::Database& db, std::string_view sql) : statement_(db, sql) {}
    void bind_text(int index, std::string_view text) override { statement_.bind(index, text); }
    void bind_integer(int index, std::int64_t value) override { statement_.bind(index, value); }
    void bind_blob(int index, std::string_view bytes) override {
        statement_.bind_blob(index, bytes);
    }
    void bind_null(int index) override { statement_.bind_null(index); }
    bool step() override { return statement_.step(); }
    int run() override { return statement_.run(); }
    void reset() noexcept override { statement_.reset(); }
    std::string text(int column) const override { return statement_.text(column); }
    std::int64_t integer(int column) const override { return statement_.integer(column); }
    std::vector<std::uint8_t> blob(int column) const override { return statement_.blob(column); }
    bool is_null(int column) const override { return statement_.is_null(column); }

private:
    ksync::sql::Statement statement_;
};

class SqliteBackend final : public detail::Backend {
public:
    explicit SqliteBackend(const std::string& path) : db_("portal database", throw_store_error) {
        db_.open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, 10000);
        db_.exec("PRAGMA journal_mode=WAL");
        db_.exec("PRAGMA synchronous=FULL");
        // Freed pages are overwritten: what a migration or a deletion replaces does not linger.
        db_.exec("PRAGMA secure_delete=ON");
    }
    Engine engine() const override { return Engine::sqlite; }
    std::unique_ptr<detail::Cursor> prepare(std::string_view sql) override {
        return std::make_unique<SqliteCursor>(db_, sql);
    }
    void exec(const std::string& sql) override { db_.exec(sql.c_str()); }
    int changes() const override { return db_.changes(); }
    // IMMEDIATE: the write lock is taken at once, so a read-then-write never meets a writer
    // that came in between.
    void begin() override { db_.exec("BEGIN IMMEDIATE"); }
    void commit() override { db_.exec("COMMIT"); }
    void rollback() noexcept override {
        if (db_.in_transaction()) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }

private:
    ksync::sql::Database db_;
};

} // namespace

bool is_postgresql_uri(std::string_view location) {
    return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

std::string redacted_location(const std::string& location) {
    if (!is_postgresql_uri(location)) return location;
    // postgresql://user:secret@host/db: what lies between the user's ':' and '@' goes.
    const auto scheme_end = location.find("://") + 3;
    const auto at = location.find('@', scheme_end);
    if (at == std::string::npos) return location;
    const auto colon = location.find(':', scheme_end);
    if (colon == std::string::npos || colon > at) return location;
    return location.substr(0, colon + 1) + "***" + location.substr(at);
}

namespace detail {

std::unique_ptr<Backend> open_sqlite(const std::string& path) {
    return std::make_unique<SqliteBackend>(path);
}

std::string numbered_parameters(std::string_view sql) {
    std::string out;
    out.reserve(sql.size() + 8);
    int highest = 0;
    char quote = 0;
    for (std::size_t i = 0; i < sql.size(); ++i) {
        const char c = sql[i];
        if (quote) {
            out += c;
            if (c == quote) quote = 0;
            continue;
        }
        if (c == '\'' || c == '"') {
            quote = c;
            out += c;
            continue;
        }
        if (c != '?') {
            out += c;
            continue;
        }
        std::size_t end = i + 1;
        while (end < sql.size() && std::isdigit(static_cast<unsigned char>(sql[end])))
            ++end;
        // Like SQLite: a bare '?' is one above the highest number so far.
        const int number =
            end > i + 1 ? std::stoi(std::string(sql.substr(i + 1, end - i - 1))) : highest + 1;
        highest = std::max(highest, number);
        out += '$' + std::to_string(number);
        i = end - 1;
    }
    return out;
}

} // namespace detail

Connection::Connection(const std::string& location)
    : backend_(is_postgresql_uri(location) ? detail::open_postgresql(location)
                                           : detail::open_sqlite(location)) {}

Connection::~Connection() = default;

Engine Connection::engine() const {
    return backend_->engine();
}

void Connection::exec(const std::string& sql) {
    backend_->exec(sql);
}

int Connection::changes() const {
    return backend_->changes();
}

void Connection::lock_schema() {
    // Any number will do as long as every kiosk-portal uses the same one.
    if (engine() == Engine::postgresql) backend_->exec("SELECT pg_advisory_xact_lock(2021704)");
}

std::string Connection::vietnam_date(std::string_view column) const {
    const std::string c(column);
    if (engine() == Engine::sqlite) return "date(" + c + ", '+7 hours')";
    return "to_char((CAST(" + c + " AS timestamptz) AT TIME ZONE 'UTC') + interval '7 hours', " +
           "'YYYY-MM-DD')";
}

std::string Connection::days_between(std::string_view later, std::string_view earlier) const {
    const std::string l(later), e(earlier);
    if (engine() == Engine::sqlite) return "julianday(" + l + ") - julianday(" + e + ")";
    return "EXTRACT(EPOCH FROM CAST(" + l + " AS timestamptz) - CAST(" + e +
           " AS timestamptz)) / 86400.0";
}

const char* Connection::for_update() const {
    return engine() == Engine::postgresql ? " FOR UPDATE" : "";
}

Query::Query(Connection& db, std::string_view sql) : cursor_(db.backend_->prepare(sql)) {}
Query::~Query() = default;
Query::Query(Query&&) noexcept = default;
Query& Query::operator=(Query&&) noexcept = default;

Query& Query::bind(int index, std::string_view text) {
    cursor_->bind_text(index, text);
    return *this;
}

Query& Query::bind(int index, std::int64_t value) {
    cursor_->bind_integer(index, value);
    return *this;
}

Query& Query::bind_blob(int index, std::string_view bytes) {
    cursor_->bind_blob(index, bytes);
    return *this;
}

Query& Query::bind_null(int index) {
    cursor_->bind_null(index);
    return *this;
}

bool Query::step() {
    return cursor_->step();
}

Query& Query::row() {
    if (!step()) throw Error("portal database: the query returned no row");
    return *this;
}

int Query::run() {
    return cursor_->run();
}

void Query::reset() noexcept {
    cursor_->reset();
}

std::string Query::text(int column) const {
    return cursor_->text(column);
}

std::int64_t Query::integer(int column) const {
    return cursor_->integer(column);
}

std::vector<std::uint8_t> Query::blob(int column) const {
    return cursor_->blob(column);
}

bool Query::is_null(int column) const {
    return cursor_->is_null(column);
}

Transaction::Transaction(Connection& db) : db_(db) {
    db_.backend_->begin();
}

Transaction::~Transaction() {
    if (!done_) db_.backend_->rollback();
}

void Transaction::commit() {
    db_.backend_->commit();
    done_ = true;
}

} // namespace portal::sql
