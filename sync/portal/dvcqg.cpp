#include "dvcqg.hpp"

#include "forms/engine.hpp"
#include "json_fields.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>

namespace portal {

namespace {

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// Exponential backoff, capped at 15 minutes, as the terminals' outbox does.
std::int64_t backoff_s(int attempts) {
    return std::min<std::int64_t>(900, std::int64_t{2} << std::min(attempts, 9));
}

// The appointment day (YYYY-MM-DD, Vietnam) at the end of office hours, 17:00, in the
// national format; "" when the procedure gave no appointment.
std::string appointment_time(const std::string& day) {
    if (day.size() != 10) return {};
    return day.substr(0, 4) + day.substr(5, 2) + day.substr(8, 2) + "170000";
}

} // namespace

std::string vietnam_time(const std::string& iso_utc, const char* format) {
    std::tm tm{};
    if (!strptime(iso_utc.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm)) return {};
    const auto t = timegm(&tm) + 7 * 3600;
    std::tm local{};
    gmtime_r(&t, &local);
    char buf[64];
    return std::strftime(buf, sizeof buf, format, &local) ? buf : std::string();
}

std::string dvcqg_time(const std::string& iso_utc) {
    return vietnam_time(iso_utc, "%Y%m%d%H%M%S");
}

nlohmann::json dvcqg_record(const Dossier& d, const CatalogIndex& catalogs, bool as_received) {
    const auto procedure = catalogs.find(d.catalog_version, d.procedure_code, d.form_version);
    const auto& doc = d.document;
    const auto identity = doc.contains("identity") && doc["identity"].is_object()
                              ? doc["identity"]
                              : nlohmann::json::object();
    auto fees = nlohmann::json::array();
    if (doc.contains("fee") && doc["fee"].is_object()) {
        const auto collected = integer_at(doc["fee"], "collected_vnd");
        if (collected > 0)
            fees.push_back({{"TenPhiLePhi", "Lệ phí"},
                            {"SoTien", collected},
                            {"HinhThucThu", text_at(doc["fee"], "paid")}});
    }
    auto files = nlohmann::json::array();
    if (doc.contains("attachments") && doc["attachments"].is_array())
        for (const auto& f : doc["attachments"]) {
            if (!f.is_object()) continue;
            std::string name = text_at(f, "name");
            if (procedure)
                for (const auto& required : procedure->documents)
                    if (required.id == name) name = required.name.vi;
            files.push_back({{"TenTepDinhKem", name},
                             {"MaTepDinhKem", text_at(f, "sha256")},
                             {"LoaiTep", text_at(f, "media_type")},
                             {"KichThuoc", integer_at(f, "size")}});
        }
    return {{"MaHoSo", d.receipt_no},
            {"MaTTHC", d.procedure_code},
            {"TenTTHC", procedure ? procedure->name.vi : std::string()},
            {"ChuHoSo", text_at(identity, "full_name")},
            {"SoGiayToChuHoSo", text_at(identity, "id_number")},
            {"NgayTiepNhan", dvcqg_time(d.received_at)},
            {"NgayHenTra", appointment_time(d.appointment_date)},
            {"TrangThaiHoSo", as_received ? 1 : d.status_code},
            // 1: in person at the commune office; 3: through the public postal service, for a
            // terminal standing in a post office.
            {"KenhThucHien", text_at(doc, "site") == "post_office" ? 3 : 1},
            {"MaDonViTiepNhan", d.commune_code},
            {"DanhSachLePhi", fees},
            {"TaiLieuNop", files}};
}

nlohmann::json dvcqg_status(const ForwardItem& item) {
    return {{"MaHoSo", item.receipt_no},
            {"TrangThaiHoSo", item.status_code},
            {"NgayCapNhat", dvcqg_time(item.at)},
            {"GhiChu", item.note}};
}

Forwarder::Forwarder(PortalStore& store, const CatalogIndex& catalogs, ksync::HttpOptions http)
    : store_(store), catalogs_(catalogs), client_(std::move(http)), agency_(store.agency_code()) {}

int Forwarder::pass() {
    int sent = 0;
    for (;;) {
        const auto due = store_.due_forwards(unix_now(), 50);
        if (due.empty()) return sent;
        for (const auto& item : due) {
            std::string body, path;
            if (item.kind == ForwardItem::Kind::dossier) {
                auto d = store_.dossier(item.receipt_no);
                // The document came from a terminal: a record that cannot be built is set aside
                // rather than stopping every dossier behind it.
                if (!d) {
                    store_.forward_failed(item.seq, "dossier no longer stored", 0);
                    continue;
                }
                try {
                    body = dvcqg_record(*d, catalogs_, /*as_received=*/true).dump();
                } catch (const std::exception& e) {
                    store_.forward_failed(item.seq, std::string("cannot build: ") + e.what(), 0);
                    continue;
                }
                path = "/dossiers";
                forms::wipe_answers(d->document);
            } else {
                body = dvcqg_status(item).dump();
                path = "/dossiers/" + item.receipt_no + "/status";
            }
            const auto response = client_.post_json(
                path, body, {"Idempotency-Key: " + agency_ + "-" + std::to_string(item.seq)});
            ksync::wipe_bytes(body.data(), body.size());
            if (response.status >= 200 && response.status < 300) {
                store_.forwarded(item.seq);
                ++sent;
                continue;
            }
            // Only an answer about the record itself sets it aside; a refused credential or a
            // missing path (401, 403, 404) is the link's problem and waits like a 5xx.
            const bool for_good =
                response.status == 400 || response.status == 409 || response.status == 422;
            const auto why = response.status == 0 ? response.transport_error
                                                  : "HTTP " + std::to_string(response.status);
            store_.forward_failed(item.seq, why,
                                  for_good ? 0 : unix_now() + backoff_s(item.attempts));
            if (!for_good) return sent;
        }
    }
}

} // namespace portal
