// The store's PostgreSQL engine, on libpq. Parameters go as text (bytes as binary) and the
// server infers their types from the statement; results come back as text.
#include "store_sql.hpp"

#include <cstdlib>
#include <cstring>
#include <libpq-fe.h>
#include <optional>

namespace portal::sql {

namespace {

constexpr const char* kUniqueViolation = "23505";

struct ResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

class PostgresBackend;

class PostgresCursor final : public detail::Cursor {
public:
    PostgresCursor(PostgresBackend& backend, std::string_view sql)
        : backend_(backend), sql_(detail::numbered_parameters(sql)) {}

    void bind_text(int index, std::string_view text) override {
        slot(index) = Param{std::string(text), false};
    }
    void bind_integer(int index, std::int64_t value) override {
        slot(index) = Param{std::to_string(value), false};
    }
    void bind_blob(int index, std::string_view bytes) override {
        slot(index) = Param{std::string(bytes), true};
    }
    void bind_null(int index) override { slot(index) = std::nullopt; }

    bool step() override;
    int run() override;
    void reset() noexcept override {
        result_.reset();
        row_ = -1;
        params_.clear();
    }
    std::string text(int column) const override {
        if (is_null(column)) return {};
        return {PQgetvalue(result_.get(), row_, column),
                static_cast<std::size_t>(PQgetlength(result_.get(), row_, column))};
    }
    std::int64_t integer(int column) const override {
        if (is_null(column)) return 0;
        const char* value = PQgetvalue(result_.get(), row_, column);
        // Comparisons come back as booleans.
        if (value[0] == 't') return 1;
        if (value[0] == 'f') return 0;
        return std::strtoll(value, nullptr, 10);
    }
    std::vector<std::uint8_t> blob(int column) const override {
        if (is_null(column)) return {};
        std::size_t size = 0;
        auto* bytes = PQunescapeBytea(
            reinterpret_cast<const unsigned char*>(PQgetvalue(result_.get(), row_, column)), &size);
        if (!bytes) throw Error("portal database: out of memory reading bytes");
        std::vector<std::uint8_t> out(bytes, bytes + size);
        PQfreemem(bytes);
        return out;
    }
    bool is_null(int column) const override {
        if (!result_ || row_ < 0 || row_ >= PQntuples(result_.get()) ||
            column >= PQnfields(result_.get()))
            throw Error("portal database: no such row or column");
        return PQgetisnull(result_.get(), row_, column) != 0;
    }

private:
    struct Param {
        std::string value;
        bool binary = false;
    };
    std::optional<Param>& slot(int index) {
        if (index < 1 || index > 100) throw Error("portal database: parameter out of range");
        if (params_.size() < static_cast<std::size_t>(index)) params_.resize(index);
        return params_[index - 1];
    }
    void execute();

    PostgresBackend& backend_;
    std::string sql_;
    std::vector<std::optional<Param>> params_;
    Result result_;
    int row_ = -1;
    int changes_ = 0;
};

class PostgresBackend final : public detail::Backend {
public:
    explicit PostgresBackend(const std::string& uri) : conn_(PQconnectdb(uri.c_str())) {
        if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
            const std::string why = conn_ ? PQerrorMessage(conn_) : "out of memory";
            PQfinish(conn_);
            throw Error("cannot open portal database " + redacted_location(uri) + ": " +
                        trimmed(why));
        }
        // Notices (IF NOT EXISTS, ...) are for people at a psql prompt.
        PQsetNoticeProcessor(
            conn_, [](void*, const char*) {}, nullptr);
        exec("SET client_encoding TO 'UTF8'");
    }
    ~PostgresBackend() override { PQfinish(conn_); }

    Engine engine() const override { return Engine::postgresql; }
    std::unique_ptr<detail::Cursor> prepare(std::string_view sql) override {
        return std::make_unique<PostgresCursor>(*this, sql);
    }
    void exec(const std::string& sql) override { check(PQexec(connection(), sql.c_str()), sql); }
    int changes() const override { return changes_; }
    void begin() override {
        exec("BEGIN");
        in_transaction_ = true;
    }
    void commit() override {
        in_transaction_ = false;
        exec("COMMIT");
    }
    void rollback() noexcept override {
        in_transaction_ = false;
        PQclear(PQexec(conn_, "ROLLBACK"));
    }

    /// The connection, re-established first when it was lost between transactions (the
    /// database restarted): inside a transaction a lost connection is the caller's failure.
    PGconn* connection() {
        if (PQstatus(conn_) != CONNECTION_OK && !in_transaction_) PQreset(conn_);
        return conn_;
    }
    /// `r` when it succeeded; otherwise throws the server's message.
    Result check(PGresult* raw, std::string_view what) {
        Result r(raw);
        const auto status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
        if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
            const char* tuples = PQcmdTuples(r.get());
            changes_ = tuples[0] ? std::atoi(tuples) : 0;
            return r;
        }
        const char* state = r ? PQresultErrorField(r.get(), PG_DIAG_SQLSTATE) : nullptr;
        // The primary message only: the detail of a constraint failure quotes the row's values.
        const char* primary = r ? PQresultErrorField(r.get(), PG_DIAG_MESSAGE_PRIMARY) : nullptr;
        const std::string message = primary ? primary : PQerrorMessage(conn_);
        throw Error("portal database: " + trimmed(message) +
                        " (in: " + std::string(what.substr(0, 60)) + ")",
                    state && std::strcmp(state, kUniqueViolation) == 0);
    }

private:
    static std::string trimmed(std::string text) {
        while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
            text.pop_back();
        return text;
    }

    PGconn* conn_;
    int changes_ = 0;
    bool in_transaction_ = false;
};

void PostgresCursor::execute() {
    std::vector<const char*> values;
    std::vector<int> lengths, formats;
    for (const auto& p : params_) {
        values.push_back(p ? p->value.data() : nullptr);
        lengths.push_back(p ? static_cast<int>(p->value.size()) : 0);
        formats.push_back(p && p->binary ? 1 : 0);
    }
    result_ = backend_.check(PQexecParams(backend_.connection(), sql_.c_str(),
                                          static_cast<int>(values.size()), nullptr, values.data(),
                                          lengths.data(), formats.data(), 0),
                             sql_);
    changes_ = backend_.changes();
    row_ = -1;
}

bool PostgresCursor::step() {
    try {
        if (!result_) execute();
    } catch (...) {
        reset();
        throw;
    }
    if (++row_ < PQntuples(result_.get())) return true;
    reset();
    return false;
}

int PostgresCursor::run() {
    try {
        // After row() the statement has run already: RETURNING gave its row.
        if (!result_) execute();
    } catch (...) {
        reset();
        throw;
    }
    const int changed = changes_;
    reset();
    return changed;
}

} // namespace

namespace detail {

std::unique_ptr<Backend> open_postgresql(const std::string& uri) {
    return std::make_unique<PostgresBackend>(uri);
}

} // namespace detail

} // namespace portal::sql
