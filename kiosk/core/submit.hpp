#pragma once
// Turning a completed form into a sealed outbox entry: the one place where the form
// document exists in clear outside the session, and only in memory.
#include "config.hpp"
#include "forms/catalog.hpp"
#include "forms/engine.hpp"
#include "forms/identity.hpp"
#include "sync/outbox.hpp"

#include <string>

namespace kiosk {

struct SubmitRequest {
    const forms::Procedure& procedure;
    const forms::Answers& answers;
    const forms::Identity& identity;
    bool consent_given = false;
    std::string assisted_by;
};

/// Builds the submission document, seals it to the portal key, writes it durably to the
/// outbox and wipes the clear text. Returns the submission id. Throws OutboxError when the
/// outbox cannot be written and std::invalid_argument when the terminal is not provisioned.
std::string seal_and_enqueue(ksync::Outbox& outbox, const TerminalConfig& config,
                             const SubmitRequest& request);

} // namespace kiosk
