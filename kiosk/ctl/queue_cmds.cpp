// kioskctl: the outbox, delivery, catalog updates and status lookups.
#include "commands.hpp"
#include "common.hpp"

#include <chrono>
#include <filesystem>
#include <iostream>
#include <thread>

namespace ctl {

int cmd_queue_list(const Context& ctx, bool as_json) {
    ksync::Outbox outbox(ctx.paths.outbox());
    const auto entries = outbox.list();
    if (as_json) {
        auto out = json::array();
        for (const auto& e : entries)
            out.push_back({{"id", e.id},
                           {"procedure", e.procedure_code},
                           {"form_version", e.form_version},
                           {"state", ksync::state_name(e.state)},
                           {"attempts", e.attempts},
                           {"next_attempt_at", iso_time(e.next_attempt_at)},
                           {"receipt_no", e.receipt_no},
                           {"lookup_code", e.lookup_code},
                           {"catalog_version", e.catalog_version},
                           {"last_error", e.last_error},
                           {"created_at", iso_time(e.created_at)},
                           {"assisted_by", e.assisted_by},
                           {"fee_collected_vnd", e.fee_collected_vnd},
                           {"reviewed_by", e.reviewed_by},
                           {"attachments", e.attachments},
                           {"attachments_acked", e.attachments_acked}});
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    std::printf("%-36s  %-9s  %-15s  %8s  %-20s  %s\n", "ID", "PROCEDURE", "STATE", "ATTEMPTS",
                "NEXT ATTEMPT", "RECEIPT");
    for (const auto& e : entries)
        std::printf("%-36s  %-9s  %-15s  %8d  %-20s  %s\n", e.id.c_str(), e.procedure_code.c_str(),
                    ksync::state_name(e.state), e.attempts,
                    e.state == ksync::State::accepted ? "" : iso_time(e.next_attempt_at).c_str(),
                    e.receipt_no.c_str());
    return 0;
}

int cmd_queue_retry(const Context& ctx, const std::string& id) {
    ksync::Outbox outbox(ctx.paths.outbox());
    if (!outbox.requeue(id, ksync::unix_now())) {
        std::cerr << "no submission " << id << " needs attention\n";
        return kBadInput;
    }
    std::cout << "requeued " << id << "\n";
    return 0;
}

int cmd_sync(const Context& ctx, bool until_empty, double timeout_s) {
    if (!require_provisioned(ctx)) return kFailed;
    ksync::Outbox outbox(ctx.paths.outbox(), ksync::Durability::delivery);
    // A request never outlives the command's own time limit.
    const auto client = portal_client(ctx, static_cast<long>(timeout_s * 1000));
    ksync::SyncEngine engine(
        outbox, *client,
        ksync::base64_decode(ctx.config.catalog_signing_key).value_or(ksync::Bytes{}));
    outbox.recover_interrupted();
    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::milliseconds(static_cast<long long>(timeout_s * 1000));
    ksync::PassResult total;
    for (;;) {
        // A manual sync is a connectivity probe: if the portal answers, waiting entries go now.
        engine.probe(ksync::unix_now());
        const auto pass = engine.run_pass(ksync::unix_now());
        total.accepted += pass.accepted;
        total.retried += pass.retried;
        total.rejected += pass.rejected;
        total.pin_mismatch = total.pin_mismatch || pass.pin_mismatch;
        total.ratings_delivered += pass.ratings_delivered;
        const auto stats = outbox.stats(ksync::unix_now());
        // Empty means the ratings too (they go after the submissions they name).
        const auto ratings = outbox.rating_stats();
        const bool empty = stats.unsent == 0 && ratings.unsent == 0;
        if (!until_empty || empty || std::chrono::steady_clock::now() >= deadline) {
            std::cout << "sent " << total.accepted << ", failed attempts " << total.retried
                      << ", rejected " << total.rejected << ", still unsent " << stats.unsent
                      << ", needs attention " << stats.needs_attention << ", ratings sent "
                      << total.ratings_delivered << ", ratings unsent " << ratings.unsent << "\n";
            if (total.pin_mismatch)
                std::cerr << "portal key does not match the pinned key: call a technician\n";
            return until_empty && !empty ? kFailed : 0;
        }
        // Wait for the earliest retry, but never past the deadline.
        const auto next = outbox.next_due_at().value_or(ksync::unix_now() + 1);
        const auto wait_ms = std::clamp<std::int64_t>((next - ksync::unix_now()) * 1000, 100, 1000);
        std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
    }
}

int cmd_catalog_update(const Context& ctx) {
    if (!require_provisioned(ctx)) return kFailed;
    const auto client = portal_client(ctx, 30000);
    const auto update = kiosk::update_catalog(ctx.paths, ctx.config, *client);
    using Kind = kiosk::CatalogUpdate::Kind;
    switch (update.kind) {
    case Kind::installed:
        std::cout << "installed catalog version " << update.version << "\n";
        return 0;
    case Kind::up_to_date:
        std::cout << "catalog is up to date (version " << update.version << ")\n";
        return 0;
    case Kind::rejected:
        std::cerr << "catalog rejected, keeping version " << update.version << ": " << update.error
                  << "\n";
        return kFailed;
    case Kind::not_newer:
        // Not "up to date": what the province published is not in use here.
        std::cerr << "catalog not updated: " << update.error << "\n";
        return kFailed;
    case Kind::unavailable:
        break;
    }
    std::cerr << "catalog not checked: " << update.error << "\n";
    return kFailed;
}

int cmd_lookup(const Context& ctx, const std::string& receipt_no, const std::string& lookup_code,
               const std::string& identity_path, bool as_json) {
    if (!require_provisioned(ctx)) return kFailed;
    int exit_code = 0;
    auto identity = read_identity(identity_path, exit_code);
    if (!identity) return exit_code;
    if (lookup_code.empty() == identity->id_number.empty()) {
        std::cerr << "give the receipt's lookup code (--code) or the applicant's card "
                     "(--identity), one of them\n";
        identity->wipe();
        return kBadInput;
    }
    const auto client = portal_client(ctx, 15000);
    std::string error;
    auto failure = ksync::LookupFailure::none;
    const auto status = ksync::lookup_status(*client, receipt_no,
                                             {lookup_code, identity->id_number}, failure, error);
    identity->wipe();
    if (!status) {
        std::cerr << "status of " << receipt_no << " unavailable: " << error << "\n";
        return failure == ksync::LookupFailure::bad_request ? kBadInput : kFailed;
    }
    if (as_json)
        std::cout << status->dump(2) << "\n";
    else
        std::cout << receipt_no << "  " << status->value("status", "") << "  "
                  << status->value("updated_at", "")
                  << (status->contains("status_code")
                          ? "  " + std::to_string(status->value("status_code", 0))
                          : std::string())
                  << (status->value("note", "").empty() ? "" : "  " + status->value("note", ""))
                  << "\n";
    return 0;
}

int cmd_status(const Context& ctx, bool as_json) {
    ksync::Outbox outbox(ctx.paths.outbox());
    const auto stats = outbox.stats(ksync::unix_now());
    const auto ratings = outbox.rating_stats();
    const auto catalog = load_active_catalog(ctx);
    const json j{{"terminal_id", ctx.config.terminal_id},
                 {"commune_code", ctx.config.commune_code},
                 {"provisioned", ctx.config.provisioned()},
                 {"portal_url", ctx.config.portal_url},
                 {"queue",
                  {{"unsent", stats.unsent},
                   {"accepted", stats.accepted},
                   {"needs_attention", stats.needs_attention},
                   {"oldest_unsent_age_s", stats.oldest_unsent_age_s}}},
                 {"ratings",
                  {{"unsent", ratings.unsent},
                   {"waiting_for_submission", ratings.waiting},
                   {"delivered", ratings.delivered},
                   {"refused", ratings.refused}}},
                 {"catalog",
                  {{"version", catalog.version},
                   {"source", catalog.downloaded ? "downloaded" : "built-in"},
                   {"procedures", catalog.catalog.procedures.size()}}}};
    if (as_json) {
        std::cout << j.dump(2) << "\n";
    } else {
        std::cout << "terminal      " << ctx.config.terminal_id << "\n"
                  << "commune       " << ctx.config.commune_code << "\n"
                  << "portal        " << ctx.config.portal_url << "\n"
                  << "provisioned   " << (ctx.config.provisioned() ? "yes" : "no") << "\n"
                  << "unsent        " << stats.unsent << " (oldest " << stats.oldest_unsent_age_s
                  << " s)\n"
                  << "accepted      " << stats.accepted << "\n"
                  << "needs review  " << stats.needs_attention << "\n"
                  << "ratings       " << ratings.unsent << " unsent, " << ratings.waiting
                  << " waiting for their submission, " << ratings.delivered << " delivered, "
                  << ratings.refused << " refused\n"
                  << "catalog       version " << catalog.version << " ("
                  << (catalog.downloaded ? "downloaded" : "built-in") << ", "
                  << catalog.catalog.procedures.size() << " procedures)\n";
    }
    return 0;
}

} // namespace ctl
