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
/// Staff confirm the cash they took (the staff fee step): checked against the fee due.
struct RecordCash {};
struct PrintReceipt {};
struct OpenStatus {};
struct LookUpStatus {};
/// "Hủy, làm lại từ đầu": asks first; confirming is GoHome, which wipes the visit.
struct AskToCancel {};
/// "Không, khai tiếp": the question goes, the answers stay.
struct KeepFilling {};

/// "Thông tin trên thẻ không đúng?": asks why before the card's fields can be changed.
struct ReportWrongCard {};
/// The reason was chosen ("changed", "misread", "other"): the card's fields unlock.
struct CorrectCard {
    std::string reason;
};
/// The card's data was right after all: the question goes, the fields stay locked.
struct KeepCardData {};
/// "Quét thẻ của người này": waits for a second card to fill in this step's person.
struct ScanPersonCard {};
/// The second card's question is closed without a card.
struct CloseCardScan {};

using VisitIntent =
    std::variant<OpenScan, UseDemoCard, RetryScan, OpenCatalog, PickProcedure, StartForm, NextStep,
                 PreviousStep, EditStep, AddGroupItem, RemoveGroupItem, OpenCamera, TakePhoto,
                 KeepPhoto, RetakePhoto, CloseCamera, HandInAtCounter, EditDocuments, ConfirmReview,
                 GiveConsent, RecordCash, PrintReceipt, OpenStatus, LookUpStatus, AskToCancel,
                 KeepFilling, ReportWrongCard, CorrectCard, KeepCardData, ScanPersonCard,
                 CloseCardScan>;

} // namespace kiosk::ui
