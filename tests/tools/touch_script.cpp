// Writes a UI script that completes one catalog procedure by touch alone, in Vietnamese or
// English: every answer of the procedure's example is typed key by key on the on-screen
// keyboard (Telex for Vietnamese text), chosen with taps, or picked from lists with the
// picker's search; document photos are taken when the terminal has a camera.
//
//   touch_script CATALOG_DIR UNITS_FILE CODE vi|en SHOTS_DIR EXPECT_JSON [--photos]
//
// The script goes to stdout. EXPECT_JSON receives what the portal must receive:
// {"answers": the fields the script filled in (canonical, as `kioskctl forms example` prints
// them), "attachments": the ids of the documents photographed}.
#include "forms/catalog.hpp"
#include "forms/engine.hpp"
#include "forms/lists.hpp"
#include "forms/text.hpp"
#include "forms/units.hpp"
#include "kiosk/vietnamese_typing.hpp"

#include <cctype>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace {

struct Writer {
    std::ostringstream out;
    bool english = false;
    std::string shots;
    int shot = 0;

    const char* tr(const char* vi, const char* en) const { return english ? en : vi; }
    const std::string& tr(const forms::Text& t) const { return english ? t.en : t.vi; }
    void line(const std::string& s) { out << s << "\n"; }
    void tap(const std::string& label) { line("tap \"" + label + "\""); }
    void wait_for(const std::string& text, int ms = 10000) {
        line("wait_for \"" + text + "\" " + std::to_string(ms));
    }
    void screenshot(const std::string& name) {
        char number[8];
        std::snprintf(number, sizeof number, "%02d", ++shot);
        line("screenshot " + shots + "/" + number + "-" + name + ".png");
    }

    // Keys for `text` on the keyboard the field brings up; throws when a character has no
    // key (a citizen could not type it either).
    void keys(const std::string& text, bool telex) {
        static const std::string plain_keys = "abcdefghijklmnopqrstuvwxyz"
                                              "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-/@,.: ";
        std::string typed;
        std::string word;
        const auto flush = [&] {
            typed += telex ? kiosk::telex_keys(word) : word;
            word.clear();
        };
        // A word's tone key comes before the punctuation after it ("Binhf," not "Binh,f").
        for (char c : text) {
            const bool letter = static_cast<unsigned char>(c) >= 0x80 ||
                                std::isalpha(static_cast<unsigned char>(c));
            if (letter) {
                word += c;
            } else {
                flush();
                typed += c;
            }
        }
        flush();
        for (char c : typed)
            if (plain_keys.find(c) == std::string::npos)
                throw std::runtime_error("no key on the on-screen keyboard types '" +
                                         std::string(1, c) + "' in \"" + text + "\"");
        line("osk \"" + typed + "\"");
    }
    void type_into(const std::string& control, const std::string& text, bool telex) {
        tap("#" + control);
        keys(text, telex);
        tap("key:done");
    }
};

std::string scalar(const nlohmann::json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_integer()) return std::to_string(v.get<long long>());
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    return {};
}

// Emits the taps and keys for one field, given its answer.
void fill_field(Writer& w, const forms::Field& f, const nlohmann::json& value,
                const std::string& path, const forms::AdminUnits& units);

void fill_fields(Writer& w, const std::vector<forms::Field>& fields, const nlohmann::json& scope,
                 const std::string& path, const forms::AdminUnits& units,
                 nlohmann::json* expected) {
    for (const auto& f : fields) {
        if (!forms::is_visible(f, scope) || !scope.contains(f.id)) continue;
        const auto& value = scope.at(f.id);
        if (value.is_null()) continue;
        // The kiosk shows defaults already filled in: the citizen keeps them.
        const bool has_default = !f.default_value.empty() || !f.default_from.empty();
        if (has_default) {
            if (expected && !f.default_value.empty() && scalar(value) == f.default_value)
                (*expected)[f.id] = value;
            if (f.type != forms::FieldType::radio && f.type != forms::FieldType::select) continue;
        }
        fill_field(w, f, value, path + f.id, units);
        if (expected) (*expected)[f.id] = value;
    }
}

void fill_field(Writer& w, const forms::Field& f, const nlohmann::json& value,
                const std::string& path, const forms::AdminUnits& units) {
    using T = forms::FieldType;
    switch (f.type) {
    case T::radio:
        w.tap("#" + path + "=" + scalar(value));
        return;
    case T::select:
        w.tap("#" + path);
        w.tap("#" + path + "=" + scalar(value));
        return;
    case T::checkbox:
        if (scalar(value) == "true") w.tap("#" + path);
        return;
    case T::date:
        w.type_into(path, forms::date_to_display(scalar(value)), false);
        return;
    case T::integer:
        // A small count has − and + beside it (kiosk/ui/visit/form.cpp): a few taps on "+",
        // the first of which sets the minimum.
        if (f.min && f.max && *f.min >= 0 && *f.max <= 500 && *f.min < *f.max) {
            const long long n = std::stoll(scalar(value));
            if (n >= *f.min && n - *f.min < 5) {
                for (long long i = *f.min; i <= n; ++i)
                    w.tap("#" + path + "/+");
                return;
            }
        }
        w.type_into(path, scalar(value), false);
        return;
    case T::choice_list: {
        // Dozens of items: search for the one wanted by the start of its name, as a person
        // would, then tap it.
        const auto* list = forms::find_list(f.list);
        const auto* item = list ? list->find(scalar(value)) : nullptr;
        if (!item) throw std::runtime_error("example " + scalar(value) + " is not in " + f.list);
        std::string typed;
        for (char c : forms::fold_for_search(item->label.vi)) {
            if (!std::isalnum(static_cast<unsigned char>(c)) && c != ' ') break;
            typed += c;
        }
        w.tap("#" + path);
        w.tap("#" + path + "/search");
        w.keys(std::string(forms::trim(typed.substr(0, 10))), false);
        w.tap("key:done");
        w.tap("#" + path + "=" + item->value);
        return;
    }
    case T::phone:
    case T::id_number:
    case T::email:
        w.type_into(path, scalar(value), false);
        return;
    case T::address: {
        const auto member = [&](const char* key) {
            return value.contains(key) ? scalar(value.at(key)) : std::string();
        };
        if (!member("house").empty()) w.type_into(path + "/house", member("house"), true);
        if (!member("street").empty()) w.type_into(path + "/street", member("street"), true);
        const auto province = member("province_code"), commune = member("commune_code");
        w.tap("#" + path + "/province");
        w.tap("#" + path + "/province=" + province);
        // Hundreds of communes: search for the one wanted, as a person would.
        const auto* c = units.commune(commune);
        if (!c) throw std::runtime_error("example commune " + commune + " is not in the units");
        w.tap("#" + path + "/commune");
        w.tap("#" + path + "/commune/search");
        w.keys(forms::fold_for_search(c->name), false);
        w.tap("key:done");
        w.tap("#" + path + "/commune=" + commune);
        return;
    }
    case T::group:
        for (std::size_t i = 0; i < value.size(); ++i) {
            w.tap("#" + path + "/+");
            fill_fields(w, f.fields, value[i], path + "/" + std::to_string(i) + "/", units,
                        nullptr);
        }
        return;
    default: // text, long text and names: Vietnamese, typed in Telex
        w.type_into(path, scalar(value), true);
        return;
    }
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 7) {
        std::cerr << "usage: touch_script CATALOG_DIR UNITS_FILE CODE vi|en SHOTS_DIR "
                     "EXPECT_JSON [--photos]\n";
        return 2;
    }
    std::vector<forms::CatalogIssue> issues;
    const auto catalog = forms::load_catalog_dir(argv[1], issues);
    std::string error;
    const auto units = forms::AdminUnits::load(argv[2], error);
    const auto* p = catalog.find(argv[3]);
    if (!units || !p) {
        std::cerr << "touch_script: " << (units ? std::string("no procedure ") + argv[3] : error)
                  << "\n";
        return 1;
    }
    const bool photos = argc > 7 && std::string(argv[7]) == "--photos";
    Writer w;
    w.english = std::string(argv[4]) == "en";
    w.shots = argv[5];
    const auto answers = forms::example_answers(*p, {forms::today_in_vietnam(), &*units});
    nlohmann::json expected = nlohmann::json::object();
    auto attachments = nlohmann::json::array();

    try {
        w.line("# " + p->code + " " + p->name.vi + " by touch (" + argv[4] +
               "), generated by touch_script");
        w.wait_for("Quét thẻ căn cước");
        if (w.english) {
            w.tap("English");
            w.wait_for("Scan your ID card");
        }
        w.tap(w.tr("Chọn thủ tục", "Choose a procedure"));
        w.tap(w.tr(p->name));
        w.wait_for(w.tr("Giấy tờ cần mang theo", "Documents to bring"));
        w.screenshot("info");
        w.tap(w.tr("Bắt đầu khai", "Start the form"));
        const bool document_step =
            photos && std::any_of(p->documents.begin(), p->documents.end(), [](const auto& d) {
                return d.photo != forms::PhotoRequirement::none;
            });
        // The example's answers decide which documents are asked for and required.
        const auto asked = [&](const forms::RequiredDocument& d) {
            return d.photo != forms::PhotoRequirement::none && forms::is_visible(d, answers);
        };
        const auto steps = p->steps.size() + (document_step ? 1 : 0);
        for (std::size_t s = 0; s < p->steps.size(); ++s) {
            const auto counter = std::string(w.tr("Bước ", "Step ")) + std::to_string(s + 1) + "/" +
                                 std::to_string(steps);
            w.wait_for(counter);
            fill_fields(w, p->steps[s].fields, answers, "", *units, &expected);
            w.screenshot("step" + std::to_string(s + 1));
            w.tap(w.tr("Tiếp tục", "Continue"));
        }
        if (document_step) {
            w.wait_for(w.tr("Chụp ảnh giấy tờ", "Photograph your documents"));
            // A required photo cannot be skipped while the camera works.
            if (std::any_of(p->documents.begin(), p->documents.end(),
                            [&](const auto& d) { return forms::photo_required(d, answers); })) {
                w.tap(w.tr("Tiếp tục", "Continue"));
                w.wait_for(
                    w.tr("Cần chụp giấy tờ này để tiếp tục.", "This document is needed to go on."));
                w.screenshot("photo-missing");
            }
            bool first = true;
            for (const auto& d : p->documents) {
                if (!asked(d)) continue;
                attachments.push_back(d.id);
                w.tap("#photo/" + d.id);
                if (first) {
                    // The first one is cancelled once and retaken once, as a hand that
                    // moved would.
                    w.wait_for(w.tr("Đặt giấy tờ phẳng", "Lay the document flat"));
                    w.screenshot("camera-live");
                    w.tap(w.tr("Hủy", "Cancel"));
                    w.tap("#photo/" + d.id);
                    w.tap(w.tr("Chụp", "Take photo"));
                    w.tap(w.tr("Chụp lại", "Retake"));
                    first = false;
                }
                w.tap(w.tr("Chụp", "Take photo"));
                w.wait_for(w.tr("Dùng ảnh này", "Use this photo"));
                w.screenshot("photo-" + d.id);
                w.tap(w.tr("Dùng ảnh này", "Use this photo"));
                w.wait_for(w.tr("Đã chụp", "Photographed"));
            }
            w.screenshot("documents");
            w.tap(w.tr("Tiếp tục", "Continue"));
        }
        w.wait_for(w.tr("Kiểm tra lại thông tin", "Check your answers"));
        w.screenshot("review");
        w.tap(w.tr("Thông tin đã đúng", "Everything is correct"));
        w.wait_for(w.tr("Đồng ý sử dụng thông tin", "Consent to use your data"));
        w.tap(w.tr("Tôi đồng ý và nộp hồ sơ", "I agree, submit"));
        w.wait_for(w.tr("Đã nộp hồ sơ thành công", "Your application has been received"), 30000);
        w.screenshot("receipt");
        w.tap(w.tr("Hoàn tất", "Finish"));
        w.wait_for(w.tr("Đánh giá mức độ hài lòng", "Rate our service"));
        w.screenshot("rating");
        w.tap(w.tr("Bỏ qua", "Skip"));
        // The next citizen is greeted in Vietnamese, whatever this one chose.
        w.wait_for("Quét thẻ căn cước");
        w.line("quit");
    } catch (const std::exception& e) {
        std::cerr << "touch_script: " << p->code << ": " << e.what() << "\n";
        return 1;
    }
    std::ofstream(argv[6])
        << nlohmann::json{{"answers", expected}, {"attachments", attachments}}.dump(2) << "\n";
    std::cout << w.out.str();
    return 0;
}
