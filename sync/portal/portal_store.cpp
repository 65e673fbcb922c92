#include "portal_store.hpp"

#include "json_fields.hpp"
#include "store_detail.hpp"
#include "sync/dossier_status.hpp"

#include <chrono>
#include <sodium.h>
#include <sqlite3.h>
#include <stdexcept>

namespace portal {

namespace {

using ksync::sql::Statement;
using namespace store_detail;

} // namespace

PortalStore::PortalStore(const std::string& path, const std::string& agency_code)
    : db_("portal database") {
    db_.open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, 10000);
    db_.exec("PRAGMA journal_mode=WAL");
    db_.exec("PRAGMA synchronous=FULL");
    // Freed pages are overwritten: what a migration or a deletion replaces does not linger.
    db_.exec("PRAGMA secure_delete=ON");
    ksync::sql::Transaction transaction(db_);
    const bool sealed_now = migrate(agency_code);
    transaction.commit();
    // The documents that were in clear before version 3 may still be in the WAL's old frames.
    if (sealed_now) db_.exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

bool PortalStore::migrate(const std::string& agency_code) {
    db_.exec("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    const auto meta = [this](const char* key) {
        Statement get(db_, "SELECT value FROM meta WHERE key=?1");
        get.bind(1, std::string(key));
        return get.step() ? get.text(0) : std::string();
    };
    const auto set_meta = [this](const std::string& key, const std::string& value) {
        Statement(db_, "INSERT INTO meta(key, value) VALUES(?1, ?2) ON CONFLICT(key) DO UPDATE SET "
                       "value=?2")
            .bind(1, key)
            .bind(2, value)
            .run();
    };
    // Databases from before explicit versions have their keys but no schema_version: 1.
    const auto written = meta("schema_version");
    int version = !written.empty() ? std::stoi(written) : meta("box_public").empty() ? 0 : 1;
    const bool had_clear_documents = version >= 1 && version < 3;
    if (version > kSchemaVersion)
        throw std::runtime_error("portal database was written by a newer kiosk-portal (schema " +
                                 std::to_string(version) + ")");
    if (version < 1) {
        db_.exec(
            "CREATE TABLE IF NOT EXISTS enroll_codes(code TEXT PRIMARY KEY, created_at TEXT NOT "
            "NULL, used_at TEXT, terminal_id TEXT)");
        db_.exec("CREATE TABLE terminals(id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, "
                 "commune_code TEXT NOT NULL, enrolled_at TEXT NOT NULL, revoked INTEGER NOT NULL "
                 "DEFAULT 0, last_heartbeat TEXT, last_report TEXT)");
        db_.exec("CREATE TABLE submissions(id TEXT PRIMARY KEY, payload_hash TEXT NOT NULL, "
                 "receipt_no TEXT NOT NULL UNIQUE, received_at TEXT NOT NULL, terminal_id TEXT NOT "
                 "NULL, procedure_code TEXT NOT NULL, form_version INTEGER NOT NULL, document TEXT "
                 "NOT NULL, status TEXT NOT NULL DEFAULT 'received')");
        db_.exec("CREATE TABLE receipt_sequence(day TEXT PRIMARY KEY, last INTEGER NOT NULL)");
        db_.exec("CREATE TABLE attachments(submission_id TEXT NOT NULL, sha256 TEXT NOT NULL, size "
                 "INTEGER NOT NULL, data BLOB NOT NULL, received_at TEXT NOT NULL, "
                 "PRIMARY KEY(submission_id, sha256))");
        db_.exec(
            "CREATE TABLE catalogs(seq INTEGER PRIMARY KEY AUTOINCREMENT, version INTEGER NOT "
            "NULL, bundle TEXT NOT NULL, signature TEXT NOT NULL, published_at TEXT NOT NULL)");
        db_.exec(
            "CREATE TABLE terminal_keys(terminal_id TEXT PRIMARY KEY, public_key TEXT NOT NULL)");
        db_.exec("CREATE TABLE status_changes(receipt_no TEXT NOT NULL, status TEXT NOT NULL, at "
                 "TEXT NOT NULL)");
        const auto box = ksync::generate_box_keypair();
        auto sign = ksync::generate_signing_keypair();
        set_meta("box_public", hex_of(box.public_key));
        set_meta("box_secret", hex_of(box.secret_key));
        set_meta("sign_public", hex_of(sign.public_key));
        set_meta("sign_secret", hex_of(sign.secret_key));
        set_meta("agency_code", agency_code);
        sodium_memzero(sign.secret_key.data(), sign.secret_key.size());
    }
    if (version < 2) {
        // v2 (protocol 2): enrollment codes stored hashed, with an expiry and the terminal a
        // replacement code is for; submission ids bound to their first sender; lookup digests.
        db_.exec(
            "CREATE TABLE enroll_codes_v2(code_hash TEXT PRIMARY KEY, created_at TEXT NOT NULL, "
            "expires_at INTEGER NOT NULL, used_at TEXT, terminal_id TEXT, replace_id TEXT NOT "
            "NULL DEFAULT '')");
        {
            // Unused v1 codes keep working for the default validity from now on.
            Statement old(db_, "SELECT code, created_at, used_at, terminal_id FROM enroll_codes");
            const auto expires = unix_seconds(now()) + 72 * 3600;
            while (old.step())
                Statement(db_,
                          "INSERT INTO enroll_codes_v2(code_hash, created_at, expires_at, used_at, "
                          "terminal_id) VALUES(?1, ?2, ?3, NULLIF(?4, ''), ?5)")
                    .bind(1, ksync::sha256_hex(old.text(0)))
                    .bind(2, old.text(1))
                    .bind(3, expires)
                    .bind(4, old.text(2))
                    .bind(5, old.text(3))
                    .run();
        }
        db_.exec("DROP TABLE enroll_codes");
        db_.exec("CREATE TABLE claims(submission_id TEXT PRIMARY KEY, terminal_id TEXT NOT NULL, "
                 "claimed_at TEXT NOT NULL)");
        db_.exec(
            "INSERT OR IGNORE INTO claims SELECT id, terminal_id, received_at FROM submissions");
        db_.exec("ALTER TABLE submissions ADD COLUMN commune_code TEXT NOT NULL DEFAULT ''");
        db_.exec("ALTER TABLE submissions ADD COLUMN catalog_version INTEGER NOT NULL DEFAULT 0");
        db_.exec("ALTER TABLE submissions ADD COLUMN lookup_digest TEXT NOT NULL DEFAULT ''");
        db_.exec("ALTER TABLE submissions ADD COLUMN holder_digest TEXT NOT NULL DEFAULT ''");
        ksync::Bytes lookup_key(32);
        randombytes_buf(lookup_key.data(), lookup_key.size());
        set_meta("lookup_key", hex_of(lookup_key));
        set_meta("schema_version", "2");
    }
    box_keys_.public_key = bytes_of_hex(meta("box_public"));
    box_keys_.secret_key = bytes_of_hex(meta("box_secret"));
    lookup_key_ = bytes_of_hex(meta("lookup_key"));
    if (version < 3) {
        // v3 (the back office): national status codes with a note for the citizen, officers,
        // their sessions and the audit log; an index to find a dossier by the applicant's ID
        // number; documents and attachments sealed at rest.
        db_.exec("CREATE TABLE officers(id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT "
                 "NULL, commune_code TEXT NOT NULL, password_hash TEXT NOT NULL, failed INTEGER "
                 "NOT NULL DEFAULT 0, locked_until INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT "
                 "NULL)");
        db_.exec("CREATE TABLE office_sessions(token_hash TEXT PRIMARY KEY, officer_id TEXT NOT "
                 "NULL, csrf TEXT NOT NULL, created_at INTEGER NOT NULL, last_seen INTEGER NOT "
                 "NULL)");
        db_.exec("CREATE TABLE audit(seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, "
                 "actor TEXT NOT NULL, action TEXT NOT NULL, receipt_no TEXT NOT NULL DEFAULT '', "
                 "detail TEXT NOT NULL DEFAULT '')");
        db_.exec("ALTER TABLE status_changes ADD COLUMN code INTEGER NOT NULL DEFAULT 0");
        db_.exec("ALTER TABLE status_changes ADD COLUMN note TEXT NOT NULL DEFAULT ''");
        db_.exec("ALTER TABLE status_changes ADD COLUMN actor TEXT NOT NULL DEFAULT ''");
        db_.exec("ALTER TABLE submissions ADD COLUMN status_code INTEGER NOT NULL DEFAULT 1");
        db_.exec("ALTER TABLE submissions ADD COLUMN status_note TEXT NOT NULL DEFAULT ''");
        db_.exec("ALTER TABLE submissions ADD COLUMN holder_index TEXT NOT NULL DEFAULT ''");
        for (const auto& status : ksync::kDossierStatuses) {
            // Protocol 1 names become the first code that carries them.
            if (ksync::dossier_status_code(status.name) != status.code) continue;
            for (const char* table : {"submissions", "status_changes"})
                Statement(db_, std::string("UPDATE ") + table + " SET " +
                                   (std::string(table) == "submissions" ? "status_code" : "code") +
                                   "=?1 WHERE status=?2")
                    .bind(1, std::int64_t{status.code})
                    .bind(2, std::string(status.name))
                    .run();
        }
        {
            // Read first, then rewrite: a table is not changed under its own running SELECT.
            std::vector<std::pair<std::string, std::string>> documents;
            for (Statement old(db_, "SELECT id, document FROM submissions"); old.step();)
                documents.emplace_back(old.text(0), old.text(1));
            for (auto& [id, text] : documents) {
                const auto document = parse_or_null(text);
                std::string holder;
                if (document.is_object() && document.contains("identity") &&
                    document["identity"].is_object())
                    holder = text_at(document["identity"], "id_number");
                Statement(db_, "UPDATE submissions SET document=?2, holder_index=?3 WHERE id=?1")
                    .bind(1, id)
                    .bind(2, seal_at_rest(text))
                    .bind(3, holder.empty() ? std::string()
                                            : lookup_digest("holder-index", "", holder))
                    .run();
                ksync::wipe_bytes(text.data(), text.size());
            }
            struct File {
                std::string submission_id, sha256;
                std::vector<std::uint8_t> data;
            };
            std::vector<File> files;
            for (Statement f(db_, "SELECT submission_id, sha256, data FROM attachments"); f.step();)
                files.push_back({f.text(0), f.text(1), f.blob(2)});
            for (auto& f : files) {
                Statement(db_,
                          "UPDATE attachments SET data=?3 WHERE submission_id=?1 AND sha256=?2")
                    .bind(1, f.submission_id)
                    .bind(2, f.sha256)
                    .bind_blob(3, seal_at_rest(std::string_view(
                                      reinterpret_cast<const char*>(f.data.data()), f.data.size())))
                    .run();
                ksync::wipe_bytes(f.data.data(), f.data.size());
            }
        }
        // What waits for the provincial one-stop system, written in the same transaction as
        // the dossier or status it carries: nothing received is ever forgotten.
        db_.exec("CREATE TABLE forward_queue(seq INTEGER PRIMARY KEY AUTOINCREMENT, receipt_no "
                 "TEXT NOT NULL, kind TEXT NOT NULL, status_code INTEGER NOT NULL DEFAULT 0, note "
                 "TEXT NOT NULL DEFAULT '', at TEXT NOT NULL, sent_at TEXT, attempts INTEGER NOT "
                 "NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT "
                 "NULL DEFAULT '', refused INTEGER NOT NULL DEFAULT 0)");
        // Dossiers received before, then their status changes, in the order they happened.
        db_.exec("INSERT INTO forward_queue(receipt_no, kind, at) SELECT receipt_no, 'dossier', "
                 "received_at FROM submissions ORDER BY received_at, receipt_no");
        db_.exec("INSERT INTO forward_queue(receipt_no, kind, status_code, note, at) SELECT "
                 "receipt_no, 'status', code, note, at FROM status_changes WHERE code<>0 ORDER BY "
                 "at, rowid");
        db_.exec("CREATE INDEX forward_due ON forward_queue(sent_at, next_attempt_at)");
        // Thông tư 01/2018/TT-VPCP: a dossier number starts with the receiving unit's code.
        db_.exec("CREATE TABLE receiving_units(commune_code TEXT PRIMARY KEY, unit_code TEXT NOT "
                 "NULL)");
        db_.exec("CREATE INDEX submissions_holder ON submissions(holder_index)");
        db_.exec("CREATE INDEX submissions_received ON submissions(received_at)");
        db_.exec("CREATE INDEX submissions_commune ON submissions(commune_code, received_at)");
        // Covers the office's figures and filtered counts: they read this, not the documents.
        db_.exec("CREATE INDEX submissions_office ON submissions(commune_code, status_code, "
                 "procedure_code, received_at)");
        set_meta("schema_version", "3");
    }
    signing_public_ = bytes_of_hex(meta("sign_public"));
    signing_secret_ = bytes_of_hex(meta("sign_secret"));
    agency_code_ = meta("agency_code");
    return had_clear_documents;
}

PortalStore::~PortalStore() {
    for (auto* secret : {&box_keys_.secret_key, &signing_secret_, &lookup_key_})
        sodium_memzero(secret->data(), secret->size());
}

std::string PortalStore::sign(std::string_view text) const {
    return ksync::base64_encode(ksync::sign_detached(text, signing_secret_));
}

std::string PortalStore::lookup_digest(std::string_view kind, std::string_view submission_id,
                                       std::string_view secret) const {
    std::string message;
    message.append(kind).append("\n").append(submission_id).append("\n").append(secret);
    unsigned char digest[32];
    crypto_generichash(digest, sizeof digest,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       lookup_key_.data(), lookup_key_.size());
    sodium_memzero(message.data(), message.size());
    return hex_of(ksync::Bytes(digest, digest + sizeof digest));
}

std::string PortalStore::seal_at_rest(std::string_view clear) const {
    return ksync::base64_encode(ksync::seal(clear, box_keys_.public_key));
}

std::optional<std::string> PortalStore::open_at_rest(std::string_view sealed) const {
    const auto bytes = ksync::base64_decode(sealed);
    if (!bytes) return std::nullopt;
    return ksync::open_sealed(*bytes, box_keys_);
}

std::int64_t PortalStore::clock() const {
    return clock_ ? clock_() : unix_seconds(now());
}

std::string PortalStore::catalog_signing_public_key() const {
    return ksync::base64_encode(signing_public_);
}

std::optional<std::string>
PortalStore::issue_enroll_code(int valid_hours, const std::string& replace_id, std::string& error) {
    std::lock_guard lock(mutex_);
    return in_transaction([&]() -> std::optional<std::string> {
        if (!replace_id.empty()) {
            Statement t(db_, "SELECT revoked FROM terminals WHERE id=?1");
            t.bind(1, replace_id);
            if (!t.step()) {
                error = replace_id + " is not an enrolled terminal";
                return std::nullopt;
            }
            if (t.integer(0) != 0) {
                error = replace_id + " is revoked: enroll the new device under a new id";
                return std::nullopt;
            }
        }
        const auto code =
            ksync::random_code(4) + "-" + ksync::random_code(4) + "-" + ksync::random_code(4);
        const auto t = now();
        Statement(db_, "INSERT INTO enroll_codes_v2(code_hash, created_at, expires_at, replace_id) "
                       "VALUES(?1, ?2, ?3, ?4)")
            .bind(1, ksync::sha256_hex(code))
            .bind(2, iso_utc(t))
            .bind(3, unix_seconds(t) + std::int64_t{valid_hours} * 3600)
            .bind(4, replace_id)
            .run();
        return code;
    });
}

EnrollResult PortalStore::enroll(const std::string& code, std::string& terminal_id,
                                 const std::string& commune_code, const ksync::Bytes& public_key) {
    using Outcome = EnrollResult::Outcome;
    std::lock_guard lock(mutex_);
    return in_transaction([&] {
        EnrollResult result;
        const auto code_hash = ksync::sha256_hex(code);
        Statement check(db_,
                        "SELECT replace_id FROM enroll_codes_v2 WHERE code_hash=?1 AND used_at IS "
                        "NULL AND expires_at>?2");
        check.bind(1, code_hash).bind(2, unix_seconds(now()));
        if (!check.step()) return result;
        const auto replace_id = check.text(0);
        if (terminal_id.empty())
            terminal_id = !replace_id.empty() ? replace_id : "KIOSK-" + ksync::random_code(6);
        Statement existing(db_, "SELECT revoked FROM terminals WHERE id=?1");
        existing.bind(1, terminal_id);
        const bool exists = existing.step();
        // A failed attempt does not use the code up: the technician may have mistyped the id.
        if (exists && existing.integer(0) != 0) {
            result.outcome = Outcome::id_revoked;
            return result;
        }
        if (!replace_id.empty() && replace_id != terminal_id) {
            result.outcome = Outcome::wrong_id;
            return result;
        }
        if (exists && replace_id.empty()) {
            result.outcome = Outcome::id_taken;
            return result;
        }
        const auto token = ksync::random_code(40);
        const auto stamp = iso_utc(now());
        Statement(db_, "INSERT INTO terminals(id, token_hash, commune_code, enrolled_at) "
                       "VALUES(?1, ?2, ?3, ?4) ON CONFLICT(id) DO UPDATE SET token_hash=?2, "
                       "commune_code=?3, enrolled_at=?4")
            .bind(1, terminal_id)
            .bind(2, ksync::sha256_hex(token))
            .bind(3, commune_code)
            .bind(4, stamp)
            .run();
        Statement(db_, "INSERT INTO terminal_keys(terminal_id, public_key) VALUES(?1, ?2) "
                       "ON CONFLICT(terminal_id) DO UPDATE SET public_key=?2")
            .bind(1, terminal_id)
            .bind(2, ksync::base64_encode(public_key))
            .run();
        Statement(db_, "UPDATE enroll_codes_v2 SET used_at=?2, terminal_id=?3 WHERE code_hash=?1")
            .bind(1, code_hash)
            .bind(2, stamp)
            .bind(3, terminal_id)
            .run();
        result.outcome = Outcome::enrolled;
        result.token = token;
        return result;
    });
}

bool PortalStore::revoke_enroll_code(const std::string& code) {
    std::lock_guard lock(mutex_);
    Statement(db_, "DELETE FROM enroll_codes_v2 WHERE code_hash=?1 AND used_at IS NULL")
        .bind(1, ksync::sha256_hex(code))
        .run();
    return db_.changes() > 0;
}

bool PortalStore::revoke_terminal(const std::string& terminal_id) {
    std::lock_guard lock(mutex_);
    Statement(db_, "UPDATE terminals SET revoked=1 WHERE id=?1").bind(1, terminal_id).run();
    return db_.changes() > 0;
}

std::optional<Terminal> PortalStore::authenticate(const std::string& token) {
    std::lock_guard lock(mutex_);
    Statement s(db_, "SELECT id, commune_code, (SELECT public_key FROM terminal_keys k WHERE "
                     "k.terminal_id=t.id) FROM terminals t WHERE token_hash=?1 AND revoked=0");
    s.bind(1, ksync::sha256_hex(token));
    if (!s.step()) return std::nullopt;
    return Terminal{s.text(0), s.text(1), ksync::base64_decode(s.text(2)).value_or(ksync::Bytes{})};
}

bool PortalStore::claim(const std::string& submission_id, const std::string& terminal_id) {
    std::lock_guard lock(mutex_);
    return in_transaction([&] {
        Statement(db_, "INSERT OR IGNORE INTO claims(submission_id, terminal_id, claimed_at) "
                       "VALUES(?1, ?2, ?3)")
            .bind(1, submission_id)
            .bind(2, terminal_id)
            .bind(3, iso_utc(now()))
            .run();
        Statement owner(db_, "SELECT terminal_id FROM claims WHERE submission_id=?1");
        owner.bind(1, submission_id);
        return owner.step() && owner.text(0) == terminal_id;
    });
}

std::optional<StoredSubmission> PortalStore::find(const std::string& id) {
    std::lock_guard lock(mutex_);
    Statement s(db_,
                "SELECT id, payload_hash, receipt_no, received_at FROM submissions WHERE id=?1");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return StoredSubmission{s.text(0), s.text(1), s.text(2), s.text(3)};
}

StoredSubmission PortalStore::insert(const std::string& id, const std::string& payload_hash,
                                     const Terminal& sender, const nlohmann::json& document,
                                     const LookupSecrets& secrets) {
    std::lock_guard lock(mutex_);
    const auto t = now();
    const auto day = vietnam_day(t).substr(2); // YYMMDD
    return in_transaction([&] {
        // Two requests with the same id may race past find(); the second one must get
        // the first one's receipt, which the caller reads again on a constraint failure.
        Statement existing(
            db_, "SELECT payload_hash, receipt_no, received_at FROM submissions WHERE id=?1");
        existing.bind(1, id);
        if (existing.step()) {
            StoredSubmission s{id, existing.text(0), existing.text(1), existing.text(2)};
            return s;
        }
        // TT 01/2018: <receiving unit's code>-<YYMMDD>-<daily sequence of that unit>, the unit
        // being the sender's commune's, or the portal's agency code when none is set.
        Statement unit_of(db_, "SELECT unit_code FROM receiving_units WHERE commune_code=?1");
        unit_of.bind(1, sender.commune_code);
        const auto unit = unit_of.step() ? unit_of.text(0) : agency_code_;
        unit_of.reset();
        Statement seq(db_,
                      "INSERT INTO receipt_sequence(day, last) VALUES(?1, 1) ON CONFLICT(day) DO "
                      "UPDATE SET last=last+1 RETURNING last");
        seq.bind(1, unit + "|" + day);
        seq.row();
        const auto number = seq.integer(0);
        seq.run();
        char receipt[96];
        std::snprintf(receipt, sizeof receipt, "%s-%s-%04lld", unit.c_str(), day.c_str(),
                      static_cast<long long>(number));
        StoredSubmission stored{id, payload_hash, receipt, iso_utc(t)};
        Statement(db_, "INSERT INTO submissions(id, payload_hash, receipt_no, received_at, "
                       "terminal_id, procedure_code, form_version, document, commune_code, "
                       "catalog_version, lookup_digest, holder_digest, holder_index) "
                       "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)")
            .bind(1, id)
            .bind(2, payload_hash)
            .bind(3, stored.receipt_no)
            .bind(4, stored.received_at)
            .bind(5, sender.id)
            .bind(6, text_at(document, "procedure_code"))
            .bind(7, document.value("form_version", std::int64_t{1}))
            .bind(8, seal_at_rest(document.dump()))
            .bind(9, sender.commune_code)
            .bind(10, integer_at(document, "catalog_version"))
            .bind(11, secrets.lookup_code.empty() ? std::string()
                                                  : lookup_digest("code", id, secrets.lookup_code))
            .bind(12, secrets.id_number.empty() ? std::string()
                                                : lookup_digest("holder", id, secrets.id_number))
            .bind(13, secrets.id_number.empty()
                          ? std::string()
                          : lookup_digest("holder-index", "", secrets.id_number))
            .run();
        Statement(db_, "INSERT INTO forward_queue(receipt_no, kind, at) VALUES(?1, 'dossier', ?2)")
            .bind(1, stored.receipt_no)
            .bind(2, stored.received_at)
            .run();
        return stored;
    });
}

bool PortalStore::store_attachment(const std::string& submission_id, const std::string& sha256,
                                   const std::string& bytes) {
    std::lock_guard lock(mutex_);
    Statement insert(db_, "INSERT OR IGNORE INTO attachments(submission_id, sha256, size, data, "
                          "received_at) VALUES(?1, ?2, ?3, ?4, ?5)");
    insert.bind(1, submission_id)
        .bind(2, sha256)
        .bind(3, static_cast<std::int64_t>(bytes.size()))
        .bind_blob(4, seal_at_rest(bytes))
        .bind(5, iso_utc(now()))
        .run();
    return db_.changes() > 0;
}

std::vector<std::string> PortalStore::missing_attachments(const std::string& submission_id,
                                                          const std::vector<std::string>& hashes) {
    std::lock_guard lock(mutex_);
    std::vector<std::string> missing;
    for (const auto& hash : hashes) {
        Statement s(db_, "SELECT 1 FROM attachments WHERE submission_id=?1 AND sha256=?2");
        s.bind(1, submission_id).bind(2, hash);
        if (!s.step()) missing.push_back(hash);
    }
    return missing;
}

int PortalStore::publish_catalog(const nlohmann::json& procedures, int version) {
    std::lock_guard lock(mutex_);
    return in_transaction([&] {
        if (version <= 0) {
            Statement newest(db_, "SELECT COALESCE(MAX(version), 0) FROM catalogs");
            newest.row();
            version = static_cast<int>(newest.integer(0)) + 1;
        }
        const auto published_at = iso_utc(now());
        const nlohmann::json bundle{{"format", 1},
                                    {"version", version},
                                    {"published_at", published_at},
                                    {"procedures", procedures}};
        const auto text = bundle.dump();
        const auto signature = ksync::sign_detached(text, signing_secret_);
        Statement(db_, "INSERT INTO catalogs(version, bundle, signature, published_at) "
                       "VALUES(?1, ?2, ?3, ?4)")
            .bind(1, static_cast<std::int64_t>(version))
            .bind(2, text)
            .bind(3, ksync::base64_encode(signature))
            .bind(4, published_at)
            .run();
        return version;
    });
}

std::vector<Publication> PortalStore::publications_since(std::int64_t after_seq) {
    std::lock_guard lock(mutex_);
    std::vector<Publication> out;
    Statement s(db_, "SELECT seq, version, bundle FROM catalogs WHERE seq>?1 ORDER BY seq");
    s.bind(1, after_seq);
    while (s.step())
        out.push_back({s.integer(0), static_cast<int>(s.integer(1)), s.text(2)});
    return out;
}

std::optional<ksync::SignedCatalog> PortalStore::latest_catalog() {
    std::lock_guard lock(mutex_);
    Statement s(db_, "SELECT version, bundle, signature FROM catalogs ORDER BY seq DESC LIMIT 1");
    if (!s.step()) return std::nullopt;
    return ksync::SignedCatalog{static_cast<int>(s.integer(0)), s.text(1),
                                ksync::base64_decode(s.text(2)).value_or(ksync::Bytes{})};
}

std::optional<nlohmann::json> PortalStore::status(const std::string& receipt_no,
                                                  const LookupSecrets& proof) {
    std::lock_guard lock(mutex_);
    Statement s(db_, "SELECT receipt_no, status, COALESCE((SELECT MAX(at) FROM status_changes c "
                     "WHERE c.receipt_no=s.receipt_no), received_at), procedure_code, id, "
                     "lookup_digest, holder_digest, status_code, status_note FROM submissions s "
                     "WHERE receipt_no=?1");
    s.bind(1, receipt_no);
    if (!s.step()) return std::nullopt;
    const auto id = s.text(4);
    const auto matches = [&](std::string_view kind, const std::string& secret,
                             const std::string& stored) {
        if (secret.empty() || stored.empty()) return false;
        // Constant time: the digest must not leak through how long the comparison takes.
        const auto digest = lookup_digest(kind, id, secret);
        return digest.size() == stored.size() &&
               sodium_memcmp(digest.data(), stored.data(), digest.size()) == 0;
    };
    if (!matches("code", proof.lookup_code, s.text(5)) &&
        !matches("holder", proof.id_number, s.text(6)))
        return std::nullopt;
    const auto code = static_cast<int>(s.integer(7));
    const auto* named = ksync::dossier_status(code);
    return nlohmann::json{
        {"receipt_no", s.text(0)}, {"status", named ? std::string(named->name) : s.text(1)},
        {"status_code", code},     {"note", s.text(8)},
        {"updated_at", s.text(2)}, {"procedure_code", s.text(3)}};
}

bool PortalStore::set_status(const std::string& receipt_no, int code, const std::string& note,
                             const std::string& actor) {
    const auto* named = ksync::dossier_status(code);
    if (!named) return false;
    std::lock_guard lock(mutex_);
    return in_transaction([&] {
        Statement(db_, "UPDATE submissions SET status=?2, status_code=?3, status_note=?4 WHERE "
                       "receipt_no=?1")
            .bind(1, receipt_no)
            .bind(2, std::string(named->name))
            .bind(3, std::int64_t{code})
            .bind(4, note)
            .run();
        const bool known = db_.changes() > 0;
        if (known)
            Statement(db_, "INSERT INTO status_changes(receipt_no, status, at, code, note, actor) "
                           "VALUES(?1, ?2, ?3, ?4, ?5, ?6)")
                .bind(1, receipt_no)
                .bind(2, std::string(named->name))
                .bind(3, iso_utc(now()))
                .bind(4, std::int64_t{code})
                .bind(5, note)
                .bind(6, actor)
                .run();
        if (known)
            Statement(db_, "INSERT INTO forward_queue(receipt_no, kind, status_code, note, at) "
                           "VALUES(?1, 'status', ?2, ?3, ?4)")
                .bind(1, receipt_no)
                .bind(2, std::int64_t{code})
                .bind(3, note)
                .bind(4, iso_utc(now()))
                .run();
        return known;
    });
}

void PortalStore::heartbeat(const std::string& terminal_id, const nlohmann::json& report) {
    std::lock_guard lock(mutex_);
    Statement(db_, "UPDATE terminals SET last_heartbeat=?2, last_report=?3 WHERE id=?1")
        .bind(1, terminal_id)
        .bind(2, iso_utc(now()))
        .bind(3, report.dump())
        .run();
}

nlohmann::json PortalStore::terminals() {
    std::lock_guard lock(mutex_);
    auto out = nlohmann::json::array();
    Statement s(db_, "SELECT id, commune_code, enrolled_at, revoked, last_heartbeat, last_report, "
                     "(SELECT public_key FROM terminal_keys k WHERE k.terminal_id=t.id) "
                     "FROM terminals t ORDER BY id");
    while (s.step())
        out.push_back({{"id", s.text(0)},
                       {"commune_code", s.text(1)},
                       {"enrolled_at", s.text(2)},
                       {"revoked", s.integer(3) != 0},
                       {"last_heartbeat", s.text(4)},
                       {"last_report", parse_or_null(s.text(5))},
                       {"public_key", s.text(6)}});
    return out;
}

nlohmann::json PortalStore::list() {
    std::lock_guard lock(mutex_);
    auto out = nlohmann::json::array();
    Statement s(db_,
                "SELECT id, receipt_no, received_at, terminal_id, procedure_code, form_version, "
                "payload_hash, status, document FROM submissions ORDER BY received_at, receipt_no");
    while (s.step()) {
        auto files = nlohmann::json::array();
        Statement a(db_,
                    "SELECT sha256, size FROM attachments WHERE submission_id=?1 ORDER BY sha256");
        a.bind(1, s.text(0));
        while (a.step())
            files.push_back({{"sha256", a.text(0)}, {"size", a.integer(1)}});
        out.push_back({{"id", s.text(0)},
                       {"receipt_no", s.text(1)},
                       {"received_at", s.text(2)},
                       {"terminal_id", s.text(3)},
                       {"procedure_code", s.text(4)},
                       {"form_version", s.integer(5)},
                       {"payload_hash", s.text(6)},
                       {"status", s.text(7)},
                       {"document", parse_or_null(open_at_rest(s.text(8)).value_or(""))},
                       {"attachments", files}});
    }
    return out;
}

} // namespace portal
