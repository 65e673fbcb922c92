#pragma once
// What a citizen asks for during a visit: the card, the catalog, the form, the documents,
// the review, consent, the receipt and the status lookup.
#include <cstddef>
#include <string>
#include <variant>

namespace kiosk::ui {

struct OpenScan {};
struct UseDemoCard {};
struct RetryScan {};
struct OpenCatalog {};
struct PickProcedure {
    std::string code;
};
struct StartForm {};
struct NextStep {};
struct PreviousStep {};
struct EditStep {
    int step;
};
struct AddGroupItem {
    std::string field;
};
struct RemoveGroupItem {
    std::string field;
    std::size_t index;
};
struct OpenCamera {
    std::string document_id;
};
struct TakePhoto {};
struct KeepPhoto {};
struct RetakePhoto {};
struct CloseCamera {};
/// "Nộp tại quầy": the citizen did not bring a required document and hands it in at the counter.
struct HandInAtCounter {
    std::string document_id;
};
struct EditDocuments {};
struct ConfirmReview {};
struct GiveConsent {};
struct PrintReceipt {};
struct OpenStatus {};
struct LookUpStatus {};
/// "Hủy, làm lại từ đầu": asks first; confirming is GoHome, which wipes the visit.
struct AskToCancel {};
/// "Không, khai tiếp": the question goes, the answers stay.
struct KeepFilling {};

using VisitIntent =
    std::variant<OpenScan, UseDemoCard, RetryScan, OpenCatalog, PickProcedure, StartForm, NextStep,
                 PreviousStep, EditStep, AddGroupItem, RemoveGroupItem, OpenCamera, TakePhoto,
                 KeepPhoto, RetakePhoto, CloseCamera, HandInAtCounter, EditDocuments, ConfirmReview,
                 GiveConsent, PrintReceipt, OpenStatus, LookUpStatus, AskToCancel, KeepFilling>;

} // namespace kiosk::ui
