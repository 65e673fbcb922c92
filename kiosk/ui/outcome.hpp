#pragma once
// Job outcomes as codes: the workers report them, the screens put them into words.

namespace kiosk::ui {

/// What came of a job, for the window to put into words (screens/outcomes.cpp): the workers
/// hold no user-facing text.
enum class Outcome {
    done,
    storage_full,     ///< the outbox's disk is full
    store_failed,     ///< the outbox could not be written
    not_provisioned,  ///< the terminal has no portal key yet
    queue_unreadable, ///< the outbox could not be read for the staff screen
    staff_unreadable, ///< the staff accounts could not be read
    checks_passed,    ///< diagnostics: nothing failed
    checks_failed,    ///< diagnostics: some check failed
    sending,          ///< send now: `count` unsent, `woken` retries sent now
    logs_exported,    ///< logs written to `detail`
    export_failed,    ///< could not write into the folder: `detail` says why
    action_failed,    ///< a technician action failed: `detail` names the failure
    tickets_failed,   ///< the queue numbers could not be read or written
};

} // namespace kiosk::ui
