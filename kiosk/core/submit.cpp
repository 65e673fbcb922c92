#include "submit.hpp"

#include "forms/engine.hpp"
#include "forms/submission.hpp"
#include "forms/text.hpp"
#include "sync/crypto.hpp"

#include <stdexcept>

namespace kiosk {

std::string seal_and_enqueue(ksync::Outbox& outbox, const TerminalConfig& config,
                             const SubmitRequest& request) {
    if (!config.provisioned())
        throw std::invalid_argument("terminal is not provisioned (no portal key)");
    const auto portal_key = ksync::base64_decode(config.portal_box_key);
    if (!portal_key) throw std::invalid_argument("portal key in the config is not base64");

    forms::SubmissionContext context;
    context.id = ksync::new_uuid();
    context.terminal_id = config.terminal_id;
    context.commune_code = config.commune_code;
    context.assisted_by = request.assisted_by;
    context.consent_given = request.consent_given;
    context.created_at = std::chrono::system_clock::now();

    auto document_json =
        forms::build_submission(request.procedure, request.answers, request.identity, context);
    std::string document = document_json.dump();
    forms::wipe_answers(document_json); // it holds the identity and answers in clear
    ksync::NewSubmission entry;
    entry.id = context.id;
    entry.procedure_code = request.procedure.code;
    entry.form_version = request.procedure.version;
    entry.payload_hash = ksync::sha256_hex(document);
    entry.sealed_payload = ksync::seal(document, *portal_key);
    entry.assisted_by = request.assisted_by;
    entry.created_at =
        std::chrono::duration_cast<std::chrono::seconds>(context.created_at.time_since_epoch())
            .count();
    forms::wipe(document);
    outbox.enqueue(entry);
    return entry.id;
}

} // namespace kiosk
