// The back office's part of the portal store: officers, their sessions, the audit log and the
// dossiers as officials see them. Documents are opened for the request that shows them only.
#include "json_fields.hpp"
#include "portal_store.hpp"
#include "store_detail.hpp"

#include <sodium.h>

#include <algorithm>
#include <cctype>

namespace portal {

namespace {

using Statement = sql::Query;
using namespace store_detail;

constexpr int kMaxFailedLogins = 5;
constexpr std::int64_t kLockSeconds = 15 * 60;
constexpr std::int64_t kSessionIdleSeconds = 15 * 60;
constexpr std::int64_t kSessionMaxSeconds = 8 * 3600;

const char* role_name(Officer::Role role) {
    return role == Officer::Role::province ? "province" : "commune";
}

Officer officer_of(const Statement& s, int first) {
    Officer o;
    o.id = s.text(first);
    o.name = s.text(first + 1);
    o.role = s.text(first + 2) == "province" ? Officer::Role::province : Officer::Role::commune;
    o.commune_code = s.text(first + 3);
    return o;
}

// The UTC instant a Vietnam calendar day (YYYY-MM-DD) starts, as stored ISO text; empty when
// `day` is not such a day.
std::string vietnam_day_start_utc(const std::string& day, int add_days = 0) {
    int y = 0;
    unsigned m = 0, d = 0;
    if (day.size() != 10 || std::sscanf(day.c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3) return {};
    const std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(m),
                                          std::chrono::day(d)};
    // Nanosecond clocks end in 2262: a year past the filter's use is no day at all.
    if (!ymd.ok() || y < 2000 || y > 2200) return {};
    const auto start =
        std::chrono::sys_days(ymd) + std::chrono::days(add_days) - std::chrono::hours(7);
    return iso_utc(start);
}

std::string applicant_name(const nlohmann::json& document) {
    return text_at(object_at(document, "identity"), "full_name");
}

} // namespace

bool PortalStore::add_officer(const Officer& officer, std::string_view password,
                              std::string& error) {
    if (password.size() < 10) {
        error = "the password needs at least 10 characters";
        return false;
    }
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, password.data(), password.size(),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        error = "not enough memory to hash the password";
        return false;
    }
    std::lock_guard lock(mutex_);
    Statement(db_, "INSERT INTO officers(id, name, role, commune_code, password_hash, "
                   "created_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING")
        .bind(1, officer.id)
        .bind(2, officer.name)
        .bind(3, std::string(role_name(officer.role)))
        .bind(4, officer.commune_code)
        .bind(5, std::string(hash))
        .bind(6, iso_utc(now()))
        .run();
    if (db_.changes() == 0) {
        error = "officer " + officer.id + " already exists";
        return false;
    }
    return true;
}

bool PortalStore::remove_officer(const std::string& id) {
    std::lock_guard lock(mutex_);
    return in_transaction([&] {
        Statement(db_, "DELETE FROM office_sessions WHERE officer_id=?1").bind(1, id).run();
        Statement(db_, "DELETE FROM officers WHERE id=?1").bind(1, id).run();
        return db_.changes() > 0;
    });
}

std::vector<Officer> PortalStore::officers() {
    std::lock_guard lock(mutex_);
    std::vector<Officer> out;
    for (Statement s(db_, "SELECT id, name, role, commune_code FROM officers ORDER BY id");
         s.step();)
        out.push_back(officer_of(s, 0));
    return out;
}

OfficerLogin PortalStore::check_officer(const std::string& id, std::string_view password) {
    std::lock_guard lock(mutex_);
    const auto at = clock();
    return in_transaction([&] {
        OfficerLogin login;
        Statement s(db_, std::string("SELECT id, name, role, commune_code, password_hash, "
                                     "failed, locked_until FROM officers WHERE id=?1") +
                             db_.for_update());
        s.bind(1, id);
        if (!s.step()) {
            // The same work as for a real account, so timing does not tell which ids exist.
            char scratch[crypto_pwhash_STRBYTES];
            [[maybe_unused]] const int ignored = crypto_pwhash_str(
                scratch, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                crypto_pwhash_MEMLIMIT_INTERACTIVE);
            return login;
        }
        login.officer = officer_of(s, 0);
        const auto hash = s.text(4);
        const auto failed = s.integer(5);
        const auto locked_until = s.integer(6);
        s.reset();
        if (locked_until > at) {
            login.result = OfficerLogin::Result::locked;
            login.locked_until = locked_until;
            return login;
        }
        if (crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0) {
            Statement(db_, "UPDATE officers SET failed=0, locked_until=0 WHERE id=?1")
                .bind(1, id)
                .run();
            login.result = OfficerLogin::Result::ok;
            return login;
        }
        const bool lock_now = failed + 1 >= kMaxFailedLogins;
        Statement(db_, "UPDATE officers SET failed=?2, locked_until=?3 WHERE id=?1")
            .bind(1, id)
            .bind(2, lock_now ? std::int64_t{0} : failed + 1)
            .bind(3, lock_now ? at + kLockSeconds : std::int64_t{0})
            .run();
        login.result =
            lock_now ? OfficerLogin::Result::locked : OfficerLogin::Result::wrong_password;
        login.locked_until = lock_now ? at + kLockSeconds : 0;
        return login;
    });
}

OfficeSession PortalStore::open_session(const Officer& officer) {
    OfficeSession session{ksync::random_code(40), ksync::random_code(32), officer};
    std::lock_guard lock(mutex_);
    const auto at = clock();
    in_transaction([&] {
        // Sessions that ended long ago are not kept.
        Statement(db_, "DELETE FROM office_sessions WHERE last_seen<?1 OR created_at<?2")
            .bind(1, at - kSessionIdleSeconds)
            .bind(2, at - kSessionMaxSeconds)
            .run();
        Statement(db_, "INSERT INTO office_sessions(token_hash, officer_id, csrf, created_at, "
                       "last_seen) VALUES(?1, ?2, ?3, ?4, ?4)")
            .bind(1, ksync::sha256_hex(session.token))
            .bind(2, officer.id)
            .bind(3, session.csrf)
            .bind(4, at)
            .run();
        return 0;
    });
    return session;
}

std::optional<OfficeSession> PortalStore::session(const std::string& token) {
    if (token.empty()) return std::nullopt;
    std::lock_guard lock(mutex_);
    const auto at = clock();
    const auto token_hash = ksync::sha256_hex(token);
    Statement s(db_, "SELECT o.id, o.name, o.role, o.commune_code, s.csrf, s.created_at, "
                     "s.last_seen FROM office_sessions s JOIN officers o ON o.id=s.officer_id "
                     "WHERE s.token_hash=?1");
    s.bind(1, token_hash);
    if (!s.step()) return std::nullopt;
    OfficeSession session{token, s.text(4), officer_of(s, 0)};
    const bool alive =
        s.integer(6) + kSessionIdleSeconds > at && s.integer(5) + kSessionMaxSeconds > at;
    s.reset();
    if (!alive) {
        Statement(db_, "DELETE FROM office_sessions WHERE token_hash=?1").bind(1, token_hash).run();
        return std::nullopt;
    }
    Statement(db_, "UPDATE office_sessions SET last_seen=?2 WHERE token_hash=?1")
        .bind(1, token_hash)
        .bind(2, at)
        .run();
    return session;
}

void PortalStore::close_session(const std::string& token) {
    std::lock_guard lock(mutex_);
    Statement(db_, "DELETE FROM office_sessions WHERE token_hash=?1")
        .bind(1, ksync::sha256_hex(token))
        .run();
}

void PortalStore::audit(const std::string& actor, const std::string& action,
                        const std::string& receipt_no, const std::string& detail) {
    std::lock_guard lock(mutex_);
    Statement(db_, "INSERT INTO audit(at, actor, action, receipt_no, detail) VALUES(?1, ?2, ?3, "
                   "?4, ?5)")
        .bind(1, iso_utc(std::chrono::system_clock::time_point(std::chrono::seconds(clock()))))
        .bind(2, actor)
        .bind(3, action)
        .bind(4, receipt_no)
        .bind(5, detail)
        .run();
}

nlohmann::json PortalStore::audit_log(const std::string& since) {
    std::lock_guard lock(mutex_);
    auto out = nlohmann::json::array();
    Statement s(db_, "SELECT seq, at, actor, action, receipt_no, detail FROM audit WHERE at>=?1 "
                     "ORDER BY seq");
    s.bind(1, since);
    while (s.step())
        out.push_back({{"seq", s.integer(0)},
                       {"at", s.text(1)},
                       {"actor", s.text(2)},
                       {"action", s.text(3)},
                       {"receipt_no", s.text(4)},
                       {"detail", s.text(5)}});
    return out;
}

DossierPage PortalStore::dossiers(const DossierFilter& filter) {
    // Only the filters in use go into the query, so SQLite can answer from an index: a clause
    // like "(?1='' OR commune_code=?1)" makes it read every row, documents included.
    std::string where = " WHERE TRUE";
    std::vector<std::string> values;
    const auto add = [&](const char* clause, std::string value) {
        where += std::string(" AND ") + clause;
        values.push_back(std::move(value));
        for (auto at = where.find('#'); at != std::string::npos; at = where.find('#'))
            where.replace(at, 1, "?" + std::to_string(values.size()));
    };
    if (!filter.commune_code.empty()) add("commune_code=#", filter.commune_code);
    if (!filter.procedure_code.empty()) add("procedure_code=#", filter.procedure_code);
    if (filter.status_code != 0)
        add("status_code=CAST(# AS INTEGER)", std::to_string(filter.status_code));
    if (const auto from = vietnam_day_start_utc(filter.from_day); !from.empty())
        add("received_at>=#", from);
    if (const auto to = vietnam_day_start_utc(filter.to_day, 1); !to.empty())
        add("received_at<#", to);
    if (!filter.received_until.empty()) add("received_at<=#", filter.received_until);
    if (!filter.query.empty()) {
        add("(receipt_no=#", filter.query);
        where += " OR holder_index=?" + std::to_string(values.size() + 1) + ")";
        values.push_back(lookup_digest("holder-index", "", filter.query));
    }
    const auto bind_filter = [&](Statement& s) {
        for (std::size_t k = 0; k < values.size(); ++k)
            s.bind(static_cast<int>(k + 1), values[k]);
    };
    // Paging far in would make SQLite step over every skipped row; past 10,000 dossiers the
    // officer narrows the filter instead.
    const std::int64_t per_page = std::clamp(filter.per_page, 1, 500);
    const std::int64_t offset =
        std::clamp<std::int64_t>(filter.page, 0, 10'000 / per_page) * per_page;
    std::lock_guard lock(mutex_);
    DossierPage page;
    Statement count(db_, "SELECT COUNT(*) FROM submissions" + where);
    bind_filter(count);
    count.row();
    page.total = count.integer(0);
    count.reset();
    // The page's rows are chosen from the index alone; only those 50 are read whole.
    Statement rows(db_, "SELECT receipt_no, received_at, procedure_code, commune_code, "
                        "status_code, document, form_version, catalog_version FROM submissions "
                        "WHERE rowid IN (SELECT rowid FROM submissions" +
                            where + " ORDER BY received_at DESC, rowid DESC LIMIT ?" +
                            std::to_string(values.size() + 1) + " OFFSET ?" +
                            std::to_string(values.size() + 2) +
                            ") ORDER BY received_at DESC, rowid DESC");
    bind_filter(rows);
    rows.bind(static_cast<int>(values.size() + 1), per_page)
        .bind(static_cast<int>(values.size() + 2), offset);
    while (rows.step()) {
        DossierRow row;
        row.receipt_no = rows.text(0);
        row.received_at = rows.text(1);
        row.procedure_code = rows.text(2);
        row.commune_code = rows.text(3);
        row.status_code = static_cast<int>(rows.integer(4));
        row.form_version = static_cast<int>(rows.integer(6));
        row.catalog_version = static_cast<int>(rows.integer(7));
        if (auto clear = open_at_rest(rows.text(5))) {
            row.applicant = applicant_name(parse_or_null(*clear));
            ksync::wipe_bytes(clear->data(), clear->size());
        }
        page.rows.push_back(std::move(row));
    }
    return page;
}

std::optional<Dossier> PortalStore::dossier(const std::string& receipt_no) {
    std::lock_guard lock(mutex_);
    Statement s(db_, "SELECT id, receipt_no, received_at, terminal_id, procedure_code, "
                     "commune_code, form_version, catalog_version, status_code, status_note, "
                     "document, appointment_date FROM submissions WHERE receipt_no=?1");
    s.bind(1, receipt_no);
    if (!s.step()) return std::nullopt;
    Dossier d;
    d.id = s.text(0);
    d.receipt_no = s.text(1);
    d.received_at = s.text(2);
    d.terminal_id = s.text(3);
    d.procedure_code = s.text(4);
    d.commune_code = s.text(5);
    d.form_version = static_cast<int>(s.integer(6));
    d.catalog_version = static_cast<int>(s.integer(7));
    d.status_code = static_cast<int>(s.integer(8));
    d.status_note = s.text(9);
    d.appointment_date = s.text(11);
    if (auto clear = open_at_rest(s.text(10))) {
        d.document = parse_or_null(*clear);
        ksync::wipe_bytes(clear->data(), clear->size());
    }
    s.reset();
    Statement a(db_, "SELECT sha256, size FROM attachments WHERE submission_id=?1 ORDER BY "
                     "received_at, sha256");
    a.bind(1, d.id);
    while (a.step())
        d.attachments.emplace_back(a.text(0), a.integer(1));
    Statement h(db_, "SELECT code, note, at, actor FROM status_changes WHERE receipt_no=?1 ORDER "
                     "BY at, rowid");
    h.bind(1, receipt_no);
    while (h.step())
        d.history.push_back({static_cast<int>(h.integer(0)), h.text(1), h.text(2), h.text(3)});
    return d;
}

std::optional<std::string> PortalStore::attachment(const std::string& receipt_no,
                                                   const std::string& sha256) {
    std::lock_guard lock(mutex_);
    Statement s(db_, "SELECT a.data FROM attachments a JOIN submissions s ON s.id=a.submission_id "
                     "WHERE s.receipt_no=?1 AND a.sha256=?2");
    s.bind(1, receipt_no).bind(2, sha256);
    if (!s.step()) return std::nullopt;
    const auto sealed = s.blob(0);
    return open_at_rest(
        std::string_view(reinterpret_cast<const char*>(sealed.data()), sealed.size()));
}

nlohmann::json PortalStore::figures(const std::string& commune_code, int days) {
    std::lock_guard lock(mutex_);
    nlohmann::json out;
    const auto grouped = [&](const char* column) {
        auto rows = nlohmann::json::array();
        Statement s(db_, std::string("SELECT ") + column +
                             ", COUNT(*) FROM submissions WHERE (?1='' OR commune_code=?1) "
                             "GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 100");
        s.bind(1, commune_code);
        while (s.step())
            rows.push_back({s.text(0), s.integer(1)});
        return rows;
    };
    out["procedures"] = grouped("procedure_code");
    out["communes"] = grouped("commune_code");
    out["statuses"] = grouped("status_code");
    // Days in Vietnam time: received_at is UTC.
    auto per_day = nlohmann::json::array();
    Statement d(db_, "SELECT " + db_.vietnam_date("received_at") +
                         " AS day, COUNT(*) FROM submissions WHERE (?1='' OR commune_code=?1) "
                         "AND received_at>=?2 GROUP BY day ORDER BY day");
    d.bind(1, commune_code)
        .bind(2, iso_utc(std::chrono::system_clock::time_point(
                     std::chrono::seconds(clock() - std::int64_t{days} * 86400))));
    while (d.step())
        per_day.push_back({d.text(0), d.integer(1)});
    out["days"] = per_day;
    // Arrival to the first "finished" status, in days.
    std::vector<double> took;
    Statement f(db_, "SELECT " + db_.days_between("MIN(c.at)", "s.received_at") +
                         " FROM submissions s JOIN status_changes c ON c.receipt_no=s.receipt_no "
                         "AND c.code IN (9, 10) WHERE (?1='' OR s.commune_code=?1) GROUP BY "
                         "s.receipt_no, s.received_at");
    f.bind(1, commune_code);
    while (f.step())
        took.push_back(std::stod(f.text(0).empty() ? "0" : f.text(0)));
    std::sort(took.begin(), took.end());
    const auto at = [&](double q) {
        return took.empty()
                   ? 0.0
                   : took[static_cast<std::size_t>(q * static_cast<double>(took.size() - 1))];
    };
    out["finished"] = {{"count", took.size()}, {"median_days", at(0.5)}, {"p90_days", at(0.9)}};
    // Against the appointment: the Vietnam day of the first finishing status, or today for
    // those not finished yet.
    const auto today =
        vietnam_day(std::chrono::system_clock::time_point(std::chrono::seconds(clock())));
    const auto today_iso = today.substr(0, 4) + "-" + today.substr(4, 2) + "-" + today.substr(6);
    std::int64_t on_time = 0, late = 0, overdue = 0;
    Statement a(db_, "SELECT s.appointment_date, (SELECT " + db_.vietnam_date("MIN(c.at)") +
                         " FROM status_changes c WHERE c.receipt_no=s.receipt_no AND c.code IN "
                         "(9, 10)) FROM submissions s WHERE (?1='' OR s.commune_code=?1) AND "
                         "s.appointment_date<>''");
    a.bind(1, commune_code);
    while (a.step()) {
        const auto due = a.text(0);
        const auto finished_on = a.text(1);
        if (finished_on.empty())
            overdue += today_iso > due ? 1 : 0;
        else
            ++(finished_on <= due ? on_time : late);
    }
    out["appointments"] = {{"on_time", on_time}, {"late", late}, {"overdue", overdue}};
    out["ratings"] = rating_figures(commune_code);
    return out;
}

nlohmann::json PortalStore::rating_figures(const std::string& commune_code) {
    // Counts per answer, index 0 for the lowest (1): satisfaction and attitude 1..3, on time
    // 1 (yes) and 2 (late), trips 1..3. Unanswered criteria are not counted.
    const auto zeros = [](int n) { return nlohmann::json(std::vector<std::int64_t>(n, 0)); };
    nlohmann::json out;
    for (const char* moment : {"receipt", "result"})
        out[moment] = {{"count", 0},
                       {"satisfaction", zeros(3)},
                       {"staff_attitude", zeros(3)},
                       {"on_time", zeros(2)},
                       {"trips", zeros(3)}};
    Statement s(db_, "SELECT moment, satisfaction, on_time, trips, staff_attitude, COUNT(*) FROM "
                     "ratings WHERE (?1='' OR commune_code=?1) GROUP BY 1, 2, 3, 4, 5");
    s.bind(1, commune_code);
    while (s.step()) {
        auto& m = out[s.text(0) == "result" ? "result" : "receipt"];
        const auto n = s.integer(5);
        m["count"] = m["count"].get<std::int64_t>() + n;
        const auto add = [&](const char* criterion, std::int64_t answer) {
            auto& counts = m[criterion];
            if (answer >= 1 && answer <= static_cast<std::int64_t>(counts.size()))
                counts[answer - 1] = counts[answer - 1].get<std::int64_t>() + n;
        };
        add("satisfaction", s.integer(1));
        add("on_time", s.integer(2));
        add("trips", s.integer(3));
        add("staff_attitude", s.integer(4));
    }
    // Per procedure: how many rated, and how many of them were satisfied.
    auto per_procedure = nlohmann::json::array();
    Statement p(db_, "SELECT procedure_code, COUNT(*), SUM(CASE WHEN satisfaction=3 THEN 1 ELSE 0 "
                     "END) FROM ratings WHERE (?1='' OR commune_code=?1) GROUP BY 1 ORDER BY 2 "
                     "DESC, 1 LIMIT 100");
    p.bind(1, commune_code);
    while (p.step())
        per_procedure.push_back({p.text(0), p.integer(1), p.integer(2)});
    out["procedures"] = per_procedure;
    return out;
}

bool PortalStore::set_receiving_unit(const std::string& commune_code,
                                     const std::string& unit_code) {
    const bool well_formed =
        !unit_code.empty() && unit_code.size() <= 32 && unit_code.front() != '.' &&
        unit_code.back() != '.' && unit_code.find("..") == std::string::npos &&
        std::all_of(unit_code.begin(), unit_code.end(),
                    [](unsigned char c) { return std::isdigit(c) || std::isupper(c) || c == '.'; });
    if (!well_formed || commune_code.empty() || commune_code.size() > 16) return false;
    std::lock_guard lock(mutex_);
    Statement(db_, "INSERT INTO receiving_units(commune_code, unit_code) VALUES(?1, ?2) ON "
                   "CONFLICT(commune_code) DO UPDATE SET unit_code=?2")
        .bind(1, commune_code)
        .bind(2, unit_code)
        .run();
    return true;
}

std::vector<std::pair<std::string, std::string>> PortalStore::receiving_units() {
    std::lock_guard lock(mutex_);
    std::vector<std::pair<std::string, std::string>> out;
    for (Statement s(db_, "SELECT commune_code, unit_code FROM receiving_units ORDER BY 1");
         s.step();)
        out.emplace_back(s.text(0), s.text(1));
    return out;
}

std::vector<ForwardItem> PortalStore::due_forwards(std::int64_t at, int limit) {
    std::lock_guard lock(mutex_);
    std::vector<ForwardItem> out;
    // In order: a status change never overtakes the dossier it belongs to, even when the
    // dossier waits for a retry.
    Statement s(
        db_, "SELECT seq, receipt_no, kind, status_code, note, at, attempts, "
             "next_attempt_at FROM forward_queue WHERE sent_at IS NULL AND refused=0 ORDER BY seq "
             "LIMIT ?1");
    s.bind(1, std::int64_t{limit});
    while (s.step()) {
        if (s.integer(7) > at) break;
        ForwardItem item;
        item.seq = s.integer(0);
        item.receipt_no = s.text(1);
        item.kind = s.text(2) == "status" ? ForwardItem::Kind::status : ForwardItem::Kind::dossier;
        item.status_code = static_cast<int>(s.integer(3));
        item.note = s.text(4);
        item.at = s.text(5);
        item.attempts = static_cast<int>(s.integer(6));
        out.push_back(std::move(item));
    }
    return out;
}

void PortalStore::forwarded(std::int64_t seq) {
    std::lock_guard lock(mutex_);
    Statement(db_, "UPDATE forward_queue SET sent_at=?2, last_error='' WHERE seq=?1")
        .bind(1, seq)
        .bind(2, iso_utc(now()))
        .run();
}

void PortalStore::forward_failed(std::int64_t seq, const std::string& error,
                                 std::int64_t retry_at) {
    std::lock_guard lock(mutex_);
    // retry_at 0: the provincial system refused the item for good; it stays, set aside.
    Statement(db_, "UPDATE forward_queue SET attempts=attempts+1, next_attempt_at=?2, "
                   "last_error=?3, refused=?4 WHERE seq=?1")
        .bind(1, seq)
        .bind(2, retry_at)
        .bind(3, error.substr(0, 200))
        .bind(4, std::int64_t{retry_at == 0 ? 1 : 0})
        .run();
    // A status never overtakes its dossier: what follows a refused item of the same dossier
    // is set aside with it.
    if (retry_at == 0)
        Statement(db_, "UPDATE forward_queue SET refused=1, last_error='follows a refused item' "
                       "WHERE sent_at IS NULL AND seq>?1 AND receipt_no=(SELECT receipt_no FROM "
                       "forward_queue WHERE seq=?1)")
            .bind(1, seq)
            .run();
}

std::int64_t PortalStore::forwards_waiting() {
    std::lock_guard lock(mutex_);
    return Statement(db_, "SELECT COUNT(*) FROM forward_queue WHERE sent_at IS NULL AND refused=0")
        .row()
        .integer(0);
}

std::vector<std::string> PortalStore::receipt_numbers() {
    std::lock_guard lock(mutex_);
    std::vector<std::string> out;
    for (Statement s(db_, "SELECT receipt_no FROM submissions"); s.step();)
        out.push_back(s.text(0));
    return out;
}

FeeImportCounts PortalStore::record_fee_payments(const std::vector<FeePayment>& payments,
                                                 std::size_t rows_read, std::size_t unmatched) {
    std::lock_guard lock(mutex_);
    const auto at = iso_utc(std::chrono::system_clock::time_point(std::chrono::seconds(clock())));
    return in_transaction([&] {
        FeeImportCounts counts;
        Statement insert(db_, "INSERT INTO fee_payments(receipt_no, reference, amount_vnd, "
                              "paid_on, imported_at) VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT "
                              "DO NOTHING");
        for (const auto& p : payments) {
            const auto stored = insert.bind(1, p.receipt_no)
                                    .bind(2, p.reference)
                                    .bind(3, p.amount_vnd)
                                    .bind(4, p.paid_on)
                                    .bind(5, at)
                                    .run();
            ++(stored > 0 ? counts.recorded : counts.already_recorded);
        }
        // The counts only: a statement's notes may hold names.
        Statement(db_, "INSERT INTO audit(at, actor, action, receipt_no, detail) VALUES(?1, "
                       "'import', 'fee_import', '', ?2)")
            .bind(1, at)
            .bind(2, "rows " + std::to_string(rows_read) + ", recorded " +
                         std::to_string(counts.recorded) + ", already recorded " +
                         std::to_string(counts.already_recorded) + ", unmatched " +
                         std::to_string(unmatched))
            .run();
        return counts;
    });
}

std::vector<FeePayment> PortalStore::fee_payments(const std::string& receipt_no) {
    std::lock_guard lock(mutex_);
    std::vector<FeePayment> out;
    Statement s(db_, "SELECT receipt_no, reference, amount_vnd, paid_on FROM fee_payments WHERE "
                     "receipt_no=?1 ORDER BY paid_on, imported_at, reference");
    s.bind(1, receipt_no);
    while (s.step())
        out.push_back({s.text(0), s.text(1), s.integer(2), s.text(3)});
    return out;
}

} // namespace portal
