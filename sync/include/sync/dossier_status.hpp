#pragma once
// The national dossier statuses (TrangThaiHoSo of the national public service portal's dossier
// sync), shared by the portal that records them and the terminal that shows them. Protocol 1
// terminals know only the four names in `legacy`, which status answers keep sending.
#include <string_view>

namespace ksync {

struct DossierStatus {
    int code;              ///< TrangThaiHoSo
    std::string_view name; ///< the answer's "status" for terminals of every protocol version
    std::string_view vi;
    std::string_view en;
};

inline constexpr DossierStatus kDossierStatuses[] = {
    {1, "received", "Mới đăng ký", "Newly registered"},
    {2, "received", "Được tiếp nhận", "Accepted for processing"},
    {3, "refused", "Không được tiếp nhận", "Not accepted"},
    {4, "processing", "Đang xử lý", "Being processed"},
    {5, "returned", "Yêu cầu bổ sung giấy tờ", "More documents are needed"},
    {6, "processing", "Yêu cầu thực hiện nghĩa vụ tài chính", "Fees or taxes are to be paid"},
    {8, "stopped", "Dừng xử lý", "Processing stopped"},
    {9, "completed", "Đã xử lý xong", "Processing finished"},
    {10, "completed", "Đã trả kết quả", "The result has been handed over"},
};

/// The status with national code `code`, or nullptr.
constexpr const DossierStatus* dossier_status(int code) {
    for (const auto& s : kDossierStatuses)
        if (s.code == code) return &s;
    return nullptr;
}

/// The code a protocol 1 status name stood for ("processing" is 4), or 0 when unknown.
constexpr int dossier_status_code(std::string_view legacy_name) {
    if (legacy_name == "received") return 1;
    if (legacy_name == "processing") return 4;
    if (legacy_name == "returned") return 5;
    if (legacy_name == "completed") return 9;
    if (legacy_name == "refused") return 3;
    if (legacy_name == "stopped") return 8;
    return 0;
}

/// Longest note an officer may leave for the citizen (bytes of UTF-8).
inline constexpr std::size_t kMaxStatusNote = 500;

} // namespace ksync
