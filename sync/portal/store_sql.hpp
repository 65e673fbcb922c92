#pragma once
// The portal store's database connection, on either engine: a SQLite file (pilots, tests, the
// demo) or PostgreSQL (a province with several receivers). The store writes its queries once,
// in the SQL both engines share, with numbered parameters (`?1`, or `?` for the next number);
// the few places where the engines differ ask the connection for their words.
//
//     portal::sql::Connection db("postgresql://portal@/kiosk?host=/run/postgresql");
//     portal::sql::Transaction tx(db);
//     portal::sql::Query(db, "UPDATE terminals SET revoked=1 WHERE id=?1").bind(1, id).run();
//     tx.commit();
//
// Every failure throws portal::sql::Error.
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace portal::sql {

enum class Engine { sqlite, postgresql };

/// A failed database call.
class Error : public std::runtime_error {
public:
    explicit Error(const std::string& what, bool unique_violation = false)
        : std::runtime_error(what), unique_violation_(unique_violation) {}
    /// The statement broke a primary key or a UNIQUE constraint.
    bool unique_violation() const { return unique_violation_; }

private:
    bool unique_violation_;
};

namespace detail {
class Cursor;
class Backend;
} // namespace detail

/// True when `location` names a PostgreSQL database (a libpq URI) rather than a SQLite file.
bool is_postgresql_uri(std::string_view location);

/// `location` with any password replaced by "***", for messages and logs.
std::string redacted_location(const std::string& location);

/// One connection. Not movable: its queries point at it.
class Connection {
public:
    /// Opens `location`: a libpq connection URI ("postgresql://..." or "postgres://...") or
    /// the path of a SQLite file, created when missing.
    explicit Connection(const std::string& location);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    Engine engine() const;
    /// Runs statements without results (schema changes).
    void exec(const std::string& sql);
    /// Rows changed by the last INSERT, UPDATE or DELETE run through a Query.
    int changes() const;

    /// Within a transaction, makes every other connection that asks the same wait until this
    /// one ends: schema migrations on PostgreSQL (SQLite's write transaction already does).
    void lock_schema();

    // Where the engines' SQL differs.

    /// The Vietnam calendar day (UTC+7, "YYYY-MM-DD") of `column`, an ISO 8601 UTC text.
    std::string vietnam_date(std::string_view column) const;
    /// Days (a real number) from `earlier` to `later`, both ISO 8601 UTC texts.
    std::string days_between(std::string_view later, std::string_view earlier) const;
    /// Appended to a SELECT inside a transaction: its rows stay locked until the end, so two
    /// receivers cannot both consume one enrollment code. Empty on SQLite, where a write
    /// transaction already excludes every other writer.
    const char* for_update() const;

private:
    friend class Query;
    friend class Transaction;
    std::unique_ptr<detail::Backend> backend_;
};

/// A statement with its parameters and, once stepped, its rows. It is reset (bindings
/// cleared) when its rows are done, so it can be bound and run again.
class Query {
public:
    /// Prepares `sql`; parameters are numbered from 1 (`?1`), a bare `?` takes the next number.
    Query(Connection& db, std::string_view sql);
    ~Query();
    Query(Query&&) noexcept;
    Query& operator=(Query&&) noexcept;

    Query& bind(int index, std::string_view text);
    Query& bind(int index, std::int64_t value);
    Query& bind_blob(int index, std::string_view bytes);
    Query& bind_null(int index);

    /// The next row: true with a row to read, false when there is none left (the query is
    /// then reset).
    bool step();
    /// Steps once and requires a row (an aggregate, RETURNING); throws otherwise.
    Query& row();
    /// Runs the statement to its end; returns the rows it changed.
    int run();
    /// Drops the rows and the bindings; never fails.
    void reset() noexcept;

    std::string text(int column) const;
    std::int64_t integer(int column) const;
    std::vector<std::uint8_t> blob(int column) const;
    bool is_null(int column) const;

private:
    std::unique_ptr<detail::Cursor> cursor_;
};

/// Begins a write transaction; COMMIT with commit(), ROLLBACK when the scope ends without it.
class Transaction {
public:
    explicit Transaction(Connection& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    void commit();

private:
    Connection& db_;
    bool done_ = false;
};

namespace detail {

/// One engine's statement.
class Cursor {
public:
    virtual ~Cursor() = default;
    virtual void bind_text(int index, std::string_view text) = 0;
    virtual void bind_integer(int index, std::int64_t value) = 0;
    virtual void bind_blob(int index, std::string_view bytes) = 0;
    virtual void bind_null(int index) = 0;
    virtual bool step() = 0;
    virtual int run() = 0;
    virtual void reset() noexcept = 0;
    virtual std::string text(int column) const = 0;
    virtual std::int64_t integer(int column) const = 0;
    virtual std::vector<std::uint8_t> blob(int column) const = 0;
    virtual bool is_null(int column) const = 0;
};

/// One engine's connection.
class Backend {
public:
    virtual ~Backend() = default;
    virtual Engine engine() const = 0;
    virtual std::unique_ptr<Cursor> prepare(std::string_view sql) = 0;
    virtual void exec(const std::string& sql) = 0;
    virtual int changes() const = 0;
    virtual void begin() = 0;
    virtual void commit() = 0;
    virtual void rollback() noexcept = 0;
};

/// The SQLite engine (store_sql.cpp).
std::unique_ptr<Backend> open_sqlite(const std::string& path);
/// The PostgreSQL engine (store_postgresql.cpp).
std::unique_ptr<Backend> open_postgresql(const std::string& uri);
/// `sql` with `?N` and bare `?` parameters written as PostgreSQL's `$N`; quoted text is kept.
std::string numbered_parameters(std::string_view sql);

} // namespace detail

} // namespace portal::sql
