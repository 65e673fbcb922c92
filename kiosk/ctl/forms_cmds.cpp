// kioskctl: ID payloads, the procedure catalog and queueing a submission.
#include "commands.hpp"
#include "common.hpp"
#include "forms/lint.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <thread>

namespace ctl {

namespace {

std::optional<forms::Answers> read_answers(const std::string& path, int& exit_code) {
    const auto text = kiosk::read_file_or_stdin(path);
    if (!text) {
        std::cerr << "cannot read " << path << "\n";
        exit_code = kBadInput;
        return std::nullopt;
    }
    auto answers = json::parse(*text, nullptr, false);
    if (!answers.is_object()) {
        std::cerr << "answers file " << path << " is not a JSON object\n";
        exit_code = kBadInput;
        return std::nullopt;
    }
    return answers;
}

// The answers a submission would carry: card prefill, overridden by the given answers,
// normalised; plus what is wrong with them.
struct Completed {
    forms::Answers answers;
    std::vector<forms::FieldError> errors;
};

Completed complete_answers(Context& ctx, const forms::Procedure& procedure,
                           const forms::Identity& identity, const forms::Answers& given) {
    const auto engine = ctx.engine();
    auto answers = forms::prefill(procedure, identity, engine.units);
    for (auto it = given.begin(); it != given.end(); ++it)
        answers[it.key()] = it.value();
    answers = forms::normalise(procedure, answers, engine);
    auto errors = forms::validate(procedure, answers, engine);
    return {std::move(answers), std::move(errors)};
}

// The procedure with `code` in the catalog in use, or nullptr after saying so.
const forms::Procedure* find_procedure(const forms::Catalog& catalog, const std::string& code) {
    const auto* procedure = catalog.find(code);
    if (!procedure) std::cerr << "unknown procedure " << code << "\n";
    return procedure;
}

// What --identity and --answers ask for: the card and the completed answers; nullopt with
// `exit_code` set when either file is bad.
struct Request {
    forms::Identity identity;
    Completed completed;
};

std::optional<Request> read_request(Context& ctx, const forms::Procedure& procedure,
                                    const std::string& answers_path,
                                    const std::string& identity_path, int& exit_code) {
    auto identity = read_identity(identity_path, exit_code);
    if (!identity) return std::nullopt;
    const auto given = read_answers(answers_path, exit_code);
    if (!given) return std::nullopt;
    auto completed = complete_answers(ctx, procedure, *identity, *given);
    return Request{std::move(*identity), std::move(completed)};
}

json errors_to_json(const std::vector<forms::FieldError>& errors) {
    auto out = json::array();
    for (const auto& e : errors)
        out.push_back({{"field", e.field},
                       {"code", e.code},
                       {"message", {{"vi", e.message.vi}, {"en", e.message.en}}}});
    return out;
}

} // namespace

int cmd_id_parse(const std::string& text, bool compact) {
    std::string payload = text;
    if (text == "-") payload = kiosk::read_file_or_stdin("-").value_or("");
    auto parsed = forms::parse_id_qr(payload);
    if (auto* err = std::get_if<forms::IdParseError>(&parsed)) {
        std::cerr << "invalid ID QR: " << err->reason << "\n";
        return kBadInput;
    }
    const auto j = forms::to_json(std::get<forms::Identity>(parsed));
    std::cout << (compact ? j.dump() : j.dump(2)) << "\n";
    return 0;
}

int cmd_forms_list(const Context& ctx, bool as_json) {
    const auto catalog = load_catalog(ctx);
    auto out = json::array();
    for (const auto& p : catalog.procedures) {
        if (as_json)
            out.push_back({{"code", p.code},
                           {"form_id", p.form_id},
                           {"version", p.version},
                           {"name", {{"vi", p.name.vi}, {"en", p.name.en}}},
                           {"life_event", p.life_event}});
        else
            std::cout << p.code << "  v" << p.version << "  " << p.name.vi << "\n";
    }
    if (as_json) std::cout << out.dump(2) << "\n";
    return 0;
}

int cmd_forms_check(const std::string& path) {
    std::vector<forms::CatalogIssue> issues;
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        forms::load_catalog_dir(path, issues);
    else
        forms::load_procedure_file(path, issues);
    for (const auto& issue : issues)
        std::cout << issue.to_string() << "\n";
    return issues.empty() ? 0 : kFailed;
}

int cmd_forms_lint(const std::string& path) {
    // Wording is only judged in a definition that loads: a broken one gets check's lines.
    std::vector<forms::CatalogIssue> issues;
    std::error_code ec;
    std::vector<std::string> files;
    if (std::filesystem::is_directory(path, ec)) {
        forms::load_catalog_dir(path, issues);
        for (const auto& entry : std::filesystem::directory_iterator(path, ec))
            if (entry.path().extension() == ".json") files.push_back(entry.path().string());
        std::sort(files.begin(), files.end());
    } else {
        files.push_back(path);
    }
    if (issues.empty())
        for (const auto& file : files)
            if (const auto procedure = forms::load_procedure_file(file, issues))
                for (auto& issue : forms::lint_procedure(*procedure, file))
                    issues.push_back(std::move(issue));
    for (const auto& issue : issues)
        std::cout << issue.to_string() << "\n";
    return issues.empty() ? 0 : kFailed;
}

int cmd_forms_fill(Context& ctx, const std::string& code, const std::string& answers_path,
                   const std::string& identity_path) {
    const auto catalog = load_catalog(ctx);
    const auto* procedure = find_procedure(catalog, code);
    if (!procedure) return kBadInput;
    int exit_code = 0;
    const auto request = read_request(ctx, *procedure, answers_path, identity_path, exit_code);
    if (!request) return exit_code;
    const auto& [answers, errors] = request->completed;
    std::cout << json{{"valid", errors.empty()},
                      {"errors", errors_to_json(errors)},
                      {"answers", answers}}
                     .dump(2)
              << "\n";
    return 0;
}

int cmd_forms_example(Context& ctx, const std::string& code) {
    const auto catalog = load_catalog(ctx);
    const auto* procedure = find_procedure(catalog, code);
    if (!procedure) return kBadInput;
    std::cout << forms::example_answers(*procedure, ctx.engine()).dump(2) << "\n";
    return 0;
}

int cmd_queue_submit(Context& ctx, const std::string& code, const std::string& answers_path,
                     const std::string& identity_path, const std::string& assisted_by,
                     const std::vector<std::string>& attach, std::int64_t fee_vnd) {
    if (fee_vnd > 0 && assisted_by.empty()) {
        std::cerr << "--fee needs --assisted-by: only staff take fees at the kiosk\n";
        return kBadInput;
    }
    const auto catalog = load_catalog(ctx);
    const auto* procedure = find_procedure(catalog, code);
    if (!procedure) return kBadInput;
    int exit_code = 0;
    const auto request = read_request(ctx, *procedure, answers_path, identity_path, exit_code);
    if (!request) return exit_code;
    const auto& [answers, errors] = request->completed;
    if (!errors.empty()) {
        for (const auto& e : errors)
            std::cerr << "answers: " << e.field << ": " << e.message.en << "\n";
        return kBadInput;
    }
    std::vector<kiosk::Attachment> files;
    for (const auto& file : attach) {
        auto bytes = kiosk::read_file(file);
        if (!bytes) {
            std::cerr << "cannot read " << file << "\n";
            return kBadInput;
        }
        const auto type = kiosk::media_type_for(file);
        if (type.empty() || bytes->empty() || bytes->size() > ksync::kMaxAttachmentBytes) {
            std::cerr << "attachment " << file
                      << ": must be a JPEG, PNG or PDF file of at most 4 MiB\n";
            return kBadInput;
        }
        const auto slash = file.find_last_of('/');
        files.push_back(
            {slash == std::string::npos ? file : file.substr(slash + 1), type, std::move(*bytes)});
    }
    ksync::Outbox outbox(ctx.paths.outbox());
    const auto queued = kiosk::seal_and_enqueue(outbox, ctx.config,
                                                {*procedure,
                                                 answers,
                                                 request->identity,
                                                 true,
                                                 assisted_by,
                                                 files,
                                                 fee_vnd,
                                                 &catalog.calendar,
                                                 {}});
    std::cout << queued.id << "\n";
    return 0;
}

} // namespace ctl
