#pragma once
// The national public service portal's dossier shape (DVCQG dossier sync) and the forwarder
// that sends every dossier and then its status changes to the province's one-stop system,
// durably and exactly once: items wait in the store's forward queue, written in the same
// transaction as what they carry, and each goes with an Idempotency-Key of its own.
#include "catalog_index.hpp"
#include "portal_store.hpp"
#include "sync/http_client.hpp"

#include <nlohmann/json.hpp>
#include <string>

namespace portal {

/// ISO 8601 UTC "2026-12-01T03:04:05Z" in Vietnam time (UTC+7) through strftime `format`;
/// empty when `iso_utc` is not such a time.
std::string vietnam_time(const std::string& iso_utc, const char* format);

/// "2026-12-01T03:04:05Z" as the national format's Vietnam time, "20261201100405".
std::string dvcqg_time(const std::string& iso_utc);

/// Dossier `d` as one DVCQG record: MaHoSo, MaTTHC, TenTTHC, ChuHoSo, SoGiayToChuHoSo,
/// NgayTiepNhan, NgayHenTra, TrangThaiHoSo, KenhThucHien, DanhSachLePhi, TaiLieuNop. With
/// `as_received` its status is the one on arrival (1): the forwarder sends the changes after.
nlohmann::json dvcqg_record(const Dossier& d, const CatalogIndex& catalogs,
                            bool as_received = false);

/// A status change of an already sent dossier: MaHoSo, TrangThaiHoSo, NgayCapNhat, GhiChu.
nlohmann::json dvcqg_status(const ForwardItem& item);

/// Sends what waits, oldest first, until the queue is empty or a request fails.
class Forwarder {
public:
    Forwarder(PortalStore& store, const CatalogIndex& catalogs, ksync::HttpOptions http);

    /// One pass; returns how many items the provincial system took. A connection failure or
    /// any other answer ends the pass and the item waits (backoff up to 15 minutes); 400, 409
    /// or 422 (the record itself refused) set it, and what follows for its dossier, aside.
    int pass();

private:
    PortalStore& store_;
    const CatalogIndex& catalogs_;
    ksync::HttpClient client_;
    std::string agency_;
};

} // namespace portal
