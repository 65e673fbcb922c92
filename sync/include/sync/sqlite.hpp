#pragma once
// The one SQLite idiom of the terminal's outbox and the portal's store: a connection, prepared
// statements that check every return code and reset themselves after use (so a statement can
// be prepared once and kept, as the outbox does), and a transaction guard.
//
//     sql::Transaction tx(db);                 // BEGIN IMMEDIATE
//     insert.bind(1, id).bind(2, hash).run();  // SQLITE_DONE, else sql::Error
//     tx.commit();                             // COMMIT; leaving the scope without it: ROLLBACK
//
// Every failure throws sql::Error with sqlite3_errmsg and the extended result code, unless the
// connection has an error handler that throws something of its own (the outbox's OutboxError).
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace ksync::sql {

/// A failed SQLite call.
class Error : public std::runtime_error {
public:
    Error(const std::string& what, int extended_code)
        : std::runtime_error(what), extended_code_(extended_code) {}
    /// The extended result code (SQLITE_CONSTRAINT_PRIMARYKEY, SQLITE_IOERR_WRITE, ...).
    int extended_code() const { return extended_code_; }
    /// The storage cannot take more data: a full disk, a file-size limit or a write the device
    /// refused.
    bool storage_full() const;

private:
    int extended_code_;
};

/// One connection. Not movable: its statements point at it.
class Database {
public:
    /// Called with every error before it is thrown; it throws the caller's own error type.
    /// When it returns, the Error itself is thrown.
    using ErrorHandler = void (*)(const Error&);

    /// `name` starts messages that have no context of their own ("outbox: disk I/O error").
    explicit Database(std::string name, ErrorHandler on_error = nullptr);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    /// Opens `path` with sqlite3_open_v2 `flags`, extended result codes on and `busy_timeout_ms`
    /// of waiting for another connection's lock; throws "cannot open <name> <path>: <why>".
    void open(const std::string& path, int flags, int busy_timeout_ms);

    /// Runs one or more statements without results (pragmas, schema changes).
    void exec(const char* sql);

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    int changes() const;

    /// True while a transaction is open on this connection.
    bool in_transaction() const;

    /// Throws the error the connection reports now, as "<context>: <sqlite3_errmsg>"
    /// (`<name>: ...` without a context).
    [[noreturn]] void fail(std::string_view context) const;
    /// Throws `message` with `extended_code` (a problem found by the caller, not by SQLite).
    [[noreturn]] void fail(const std::string& message, int extended_code) const;

    sqlite3* handle() const { return db_; }

private:
    friend class Statement;
    [[noreturn]] void raise(const Error& error) const;

    std::string name_;
    ErrorHandler on_error_;
    sqlite3* db_ = nullptr;
};

/// A prepared statement, finalised when destroyed. It is reset (and its bindings cleared)
/// whenever a step ends it, successfully or not, so it can be used again; a use that stops
/// after the first row holds a `Use` guard, which resets it however the scope ends.
class Statement {
public:
    /// How long the statement lives: `cached` ones are prepared once and kept
    /// (SQLITE_PREPARE_PERSISTENT).
    enum class Lifetime { once, cached };

    Statement() = default;
    /// Prepares `sql`; `context` starts its error messages ("saving submission: ...").
    Statement(Database& db, std::string_view sql, std::string context = {},
              Lifetime lifetime = Lifetime::once);
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    /// Parameters are numbered from 1 (`?1`). Text and blobs are copied.
    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, std::int64_t value);
    Statement& bind_blob(int index, const void* data, std::size_t size);
    Statement& bind_blob(int index, const std::vector<std::uint8_t>& bytes) {
        return bind_blob(index, bytes.data(), bytes.size());
    }
    Statement& bind_blob(int index, std::string_view bytes) {
        return bind_blob(index, bytes.data(), bytes.size());
    }
    Statement& bind_null(int index);

    /// One step: true with a row to read, false when the statement is done (it is then
    /// reset). Any other result resets it and throws.
    bool step();
    /// Steps once and requires a row (an aggregate, a pragma, RETURNING); throws otherwise.
    Statement& row();
    /// Runs the statement to its end, skipping any rows; returns the rows it changed.
    int run();
    /// Resets the statement and clears its bindings; never fails.
    void reset() noexcept;

    std::string text(int column) const;
    std::int64_t integer(int column) const;
    std::vector<std::uint8_t> blob(int column) const;
    bool is_null(int column) const;

    /// Resets a statement when the scope ends, however it ends.
    class Use {
    public:
        explicit Use(Statement& statement) : statement_(statement) {}
        ~Use() { statement_.reset(); }
        Use(const Use&) = delete;
        Use& operator=(const Use&) = delete;

    private:
        Statement& statement_;
    };
    /// `const auto use = statement.use();` before binding.
    [[nodiscard]] Use use() { return Use(*this); }

private:
    [[noreturn]] void fail();
    void check_bind(int rc);

    Database* db_ = nullptr;
    sqlite3_stmt* stmt_ = nullptr;
    std::string context_;
};

/// BEGIN IMMEDIATE now; COMMIT with commit(); ROLLBACK when the scope ends without it (an
/// exception, an early return), so a failed statement leaves nothing half written.
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    /// Throws when COMMIT fails (a full disk); the destructor then rolls back.
    void commit();

private:
    Database& db_;
    bool done_ = false;
};

} // namespace ksync::sql
